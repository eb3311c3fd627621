using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Tuner.Contracts;
using Tuner.LocalLambda;
using Tuner.Workload;

namespace Tuner.LocalCloud;

/// <summary>
/// The whole local cloud on 127.0.0.1: the local engines' npm packages installed if missing, dynalite with the capacity emulator,
/// s3rver with the bucket, the local Lambda service with Tuner's five functions (system: no cgroup limits, outside
/// CPU admission) and the targets, every workload table the targets name created, and the state machine on
/// aws-local-stepfunctions. The functions reach the engines through <c>AWS_ENDPOINT_URL_*</c>. Disposal stops every
/// process it started.
/// </summary>
public sealed class LocalCloudSession : IAsyncDisposable
{
    /// <summary>Names of Tuner's own functions in the local Lambda service.</summary>
    public static IReadOnlyDictionary<string, string> SystemFunctions { get; } =
        TunerFunctions.States.ToDictionary(f => f.Name, f => f.LocalName, StringComparer.Ordinal);

    private const string LocalCredential = "S3RVER";
    private static readonly TimeSpan AbortCleanupTimeout = TimeSpan.FromMinutes(3);

    private readonly Stack<IAsyncDisposable> _started;
    private int _disposed;

    private LocalCloudSession(
        LocalCloudOptions options,
        NodeRuntime runtime,
        DynamoDbEngine dynamoDb,
        S3Engine s3,
        LocalLambdaService lambda,
        StepFunctionsEngine stepFunctions,
        IReadOnlyList<LocalFunctionDefinition> targets,
        Stack<IAsyncDisposable> started)
    {
        Options = options;
        Runtime = runtime;
        DynamoDb = dynamoDb;
        S3 = s3;
        Lambda = lambda;
        StepFunctions = stepFunctions;
        Targets = targets;
        _started = started;
    }

    public LocalCloudOptions Options { get; }

    public NodeRuntime Runtime { get; }

    public DynamoDbEngine DynamoDb { get; }

    public S3Engine S3 { get; }

    public LocalLambdaService Lambda { get; }

    public StepFunctionsEngine StepFunctions { get; }

    /// <summary>The target functions registered (handler paths resolved).</summary>
    public IReadOnlyList<LocalFunctionDefinition> Targets { get; }

    /// <summary>The bucket holding samples and reports.</summary>
    public string Bucket => Options.Bucket;

    /// <summary>
    /// Environment for a client of the local engines (the functions get the same): region, the engines' endpoints and
    /// the credentials s3rver accepts (the other engines check none).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AWS_REGION"] = Options.Region,
        ["AWS_ACCESS_KEY_ID"] = LocalCredential,
        ["AWS_SECRET_ACCESS_KEY"] = LocalCredential,
        ["AWS_ENDPOINT_URL_LAMBDA"] = Lambda.Endpoint.ToString().TrimEnd('/'),
        ["AWS_ENDPOINT_URL_S3"] = S3.ServiceUrl.ToString().TrimEnd('/'),
        ["AWS_ENDPOINT_URL_DYNAMODB"] = DynamoDb.ServiceUrl,
    };

    /// <summary>Starts everything; on failure stops what already started and rethrows.</summary>
    public static async Task<LocalCloudSession> StartAsync(LocalCloudOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.DefinitionPath))
        {
            throw new FileNotFoundException("state machine definition not found", options.DefinitionPath);
        }

        if (!File.Exists(options.FunctionsAssemblyPath))
        {
            throw new FileNotFoundException("Tuner.Functions.dll not found (build the CLI or the tests first)", options.FunctionsAssemblyPath);
        }

        var targets = LocalFunctions.Targets(options);
        var tables = options.RegistryPath is { } registryPath ? LocalTables.Load(registryPath) : [];
        var started = new Stack<IAsyncDisposable>();
        try
        {
            var runtime = await NodeRuntime.EnsureInstalledAsync(NodeRuntime.FindEngineDirectory(options.EngineDirectory), options.Log, cancellationToken);
            await options.Log.WriteLineAsync("Starting the local engines (DynamoDB, S3, Lambda) …");
            var dynamoTask = DynamoDbEngine.StartAsync(runtime, options.DynamoDbWriteUnitsPerSecond, cancellationToken: cancellationToken);
            var s3Task = S3Engine.StartAsync(runtime, buckets: [options.Bucket], cancellationToken: cancellationToken);
            var dynamoDb = await Remember(started, dynamoTask);
            var s3 = await Remember(started, s3Task);

            var baseEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_ACCESS_KEY_ID"] = LocalCredential,
                ["AWS_SECRET_ACCESS_KEY"] = LocalCredential,
                ["AWS_ENDPOINT_URL_S3"] = s3.ServiceUrl.ToString().TrimEnd('/'),
                ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDb.ServiceUrl,
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            };
            var lambda = await Remember(started, LocalLambdaService.StartAsync(
                new LocalLambdaOptions
                {
                    Region = options.Region,
                    EnforceLimits = options.EnforceLimits,
                    BaseEnvironment = baseEnvironment,
                    // AWS keeps LastUpdateStatus InProgress for seconds; locally a short delay keeps the Planner's wait
                    // loop honest without making 37 sequential updates the longest part of a quickstart.
                    UpdateDelay = TimeSpan.FromMilliseconds(50),
                    // The Executor interleaves every cell of a stage in rounds: a 37-cell unit at concurrency 2 needs its
                    // 74 environments kept warm between rounds, or each round would measure cold starts again.
                    MaxIdleEnvironments = 160,
                    Functions = [.. LocalFunctions.System(options), .. targets],
                },
                cancellationToken));

            await CreateTablesAsync(targets, tables, dynamoDb, options, cancellationToken);

            var substitutions = SystemFunctions.ToDictionary(
                kv => kv.Key + "FunctionArn", kv => lambda.FunctionArn(kv.Value), StringComparer.Ordinal);
            var engineEnvironment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["AWS_REGION"] = options.Region,
                ["AWS_ACCESS_KEY_ID"] = LocalCredential,
                ["AWS_SECRET_ACCESS_KEY"] = LocalCredential,
                ["AWS_ENDPOINT_URL_LAMBDA"] = lambda.Endpoint.ToString().TrimEnd('/'),
                ["AWS_EC2_METADATA_DISABLED"] = "true",
            };
            var stepFunctions = new StepFunctionsEngine(runtime, options.DefinitionPath, substitutions, engineEnvironment);
            return new LocalCloudSession(options, runtime, dynamoDb, s3, lambda, stepFunctions, targets, started);
        }
        catch
        {
            while (started.TryPop(out var engine))
            {
                await engine.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A new run id: UTC time plus 6 random hex digits (sortable, S3-key and version-description safe).</summary>
    public static string NewRunId(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>
    /// Runs one execution of the state machine with <paramref name="requestJson"/> as input. When
    /// <paramref name="cancellationToken"/> fires, the execution is aborted. Every ending no Catch sees — aborted, timed
    /// out (<paramref name="executionTimeout"/> replaces the definition's <c>TimeoutSeconds</c>), failed (including
    /// <c>States.DataLimitExceeded</c> and an engine that died) — then runs the Cleaner, as the status-change rule does
    /// on AWS, and waits until Tuner's own invocations still running (a stopped execution does not stop them) have
    /// ended, so a returned run leaves no version behind and every target restored.
    /// </summary>
    public async Task<LocalRunResult> RunExecutionAsync(
        string requestJson,
        IProgress<ExecutionEvent>? progress = null,
        string? runId = null,
        TimeSpan? executionTimeout = null,
        CancellationToken cancellationToken = default)
    {
        runId ??= NewRunId(TimeProvider.System);
        var outcome = await StepFunctions.RunAsync(runId, requestJson, progress, executionTimeout, cancellationToken);
        if (outcome.Succeeded)
        {
            return new LocalRunResult(runId, outcome, null);
        }

        string? cleanup = null;
        string? cleanupError = null;
        try
        {
            cleanup = await CleanUpAsync(runId, requestJson, outcome.Status.ToApiName(), CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            cleanupError = e.Message;
        }

        await WaitForTunerInvocationsAsync(CancellationToken.None);
        return new LocalRunResult(runId, outcome, cleanup, cleanupError);
    }

    /// <summary>
    /// Waits (at most <see cref="AbortCleanupTimeout"/>) until no invocation of Tuner's functions runs: after a stop,
    /// a Planner still publishing sees the run ended and undoes its changes before it returns.
    /// </summary>
    public async Task WaitForTunerInvocationsAsync(CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (SystemFunctions.Values.Any(name => Lambda.InFlightInvocations(name) > 0))
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > AbortCleanupTimeout)
            {
                await Options.Log.WriteLineAsync($"Tuner's functions were still running {AbortCleanupTimeout.TotalMinutes:0} minutes after the run ended");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// Invokes the Cleaner for <paramref name="runId"/> with the execution's end <paramref name="status"/> (what the
    /// status-change rule does on AWS); returns its output.
    /// </summary>
    public async Task<string> CleanUpAsync(string runId, string requestJson, string status, CancellationToken cancellationToken)
    {
        using var request = JsonDocument.Parse(requestJson);
        var input = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["runId"] = runId,
            ["request"] = request.RootElement,
            ["outcome"] = status,
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AbortCleanupTimeout);
        using var http = new HttpClient { Timeout = AbortCleanupTimeout };
        using var content = new ByteArrayContent(input);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var uri = new Uri(Lambda.Endpoint, $"2015-03-31/functions/{SystemFunctions["Cleaner"]}/invocations");
        using var response = await http.PostAsync(uri, content, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        if (!response.IsSuccessStatusCode || response.Headers.Contains("X-Amz-Function-Error"))
        {
            throw new InvalidOperationException($"the Cleaner failed for run {runId}: {(int)response.StatusCode} {body}");
        }

        return body;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        while (_started.TryPop(out var engine))
        {
            await engine.DisposeAsync();
        }
    }

    private static async Task<T> Remember<T>(Stack<IAsyncDisposable> started, Task<T> starting)
        where T : IAsyncDisposable
    {
        var engine = await starting;
        started.Push(engine);
        return engine;
    }

    /// <summary>
    /// The tables the registry declares, with their key schema and capacity (<see cref="LocalTables"/>), then any other
    /// table a target names in <c>TUNER_TABLE_NAME</c>, created as the reference workload's (on demand, <c>pk</c> string key).
    /// </summary>
    private static async Task CreateTablesAsync(
        IReadOnlyList<LocalFunctionDefinition> targets, IReadOnlyList<LocalTable> declared, DynamoDbEngine dynamoDb, LocalCloudOptions options, CancellationToken cancellationToken)
    {
        var tables = targets
            .Select(t => t.Environment.TryGetValue(IngestSettings.TableNameVariable, out var table) ? table : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(name => declared.All(d => d.Name != name))
            .ToList();
        if (tables.Count == 0 && declared.Count == 0)
        {
            return;
        }

        using var client = new AmazonDynamoDBClient(
            new BasicAWSCredentials(LocalCredential, LocalCredential),
            new AmazonDynamoDBConfig { ServiceURL = dynamoDb.ServiceUrl, AuthenticationRegion = options.Region });
        await LocalTables.CreateAsync(client, dynamoDb, declared, options.Log, cancellationToken);
        foreach (var table in tables)
        {
            await options.Log.WriteLineAsync($"Creating DynamoDB table {table} …");
            await WorkloadTable.EnsureCreatedAsync(client, table, cancellationToken);
        }
    }
}
