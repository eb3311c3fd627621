using System.Diagnostics;
using System.Text.Json;
using Tuner.Contracts;

namespace Tuner.LocalCloud;

/// <summary>
/// The local Step Functions: runs one execution of an ASL definition at a time with
/// <c>local/engine/stepfunctions.mjs</c> (aws-local-stepfunctions' JS API on Node 22). Every <c>${Name}</c>
/// placeholder of the definition must have a substitution; Task states reach the functions through
/// <c>AWS_ENDPOINT_URL_LAMBDA</c> in <see cref="Environment"/>. Each run is its own short-lived process (the
/// definition is validated once per run, ~250 ms), stopped when the run ends or is cancelled.
/// </summary>
public sealed class StepFunctionsEngine
{
    private const string Script = "stepfunctions.mjs";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(15);

    // The engine's final status line uses these (its --statuses argument): the strings stay in ExecutionStatuses only.
    private static readonly string Statuses = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["success"] = ExecutionStatus.Succeeded.ToApiName(),
        ["failure"] = ExecutionStatus.Failed.ToApiName(),
        ["timeout"] = ExecutionStatus.TimedOut.ToApiName(),
        ["abort"] = ExecutionStatus.Aborted.ToApiName(),
    });

    private readonly NodeRuntime _runtime;

    public StepFunctionsEngine(
        NodeRuntime runtime,
        string definitionPath,
        IReadOnlyDictionary<string, string> substitutions,
        IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        DefinitionPath = Path.GetFullPath(definitionPath);
        Substitutions = substitutions;
        Environment = environment;
    }

    /// <summary>The ASL file (with placeholders).</summary>
    public string DefinitionPath { get; }

    /// <summary>Placeholder name (without <c>${}</c>) → value.</summary>
    public IReadOnlyDictionary<string, string> Substitutions { get; }

    /// <summary>Environment of the engine process: <c>AWS_ENDPOINT_URL_LAMBDA</c>, region, credentials.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Substitutes the placeholders and runs asl-validator over the result (<c>--validate</c>).</summary>
    public async Task<AslValidationResult> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var start = _runtime.CreateStartInfo(Script, CreateArguments(validate: true), Environment);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        using var document = line is not null && line.StartsWith('{') ? JsonDocument.Parse(line) : null;
        // A runtime failure (e.g. an unreadable definition) is reported as an invalid definition too.
        if (document is null || !document.RootElement.TryGetProperty("valid", out var valid))
        {
            throw new InvalidOperationException($"{Script} --validate printed no result (exit {process.ExitCode}): {await stderr}");
        }

        var root = document.RootElement;

        return new AslValidationResult(
            valid.GetBoolean(),
            [.. root.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? string.Empty)],
            [.. root.GetProperty("placeholders").EnumerateArray().Select(e => e.GetString() ?? string.Empty)]);
    }

    /// <summary>
    /// Runs one execution named <paramref name="executionName"/> (the <c>$$.Execution.Name</c> the states see) with
    /// <paramref name="inputJson"/> and reports each event to <paramref name="progress"/>, in order, on the reading
    /// thread. Cancelling aborts the execution (its Catch/Cleaner paths do not run) and returns an <c>ABORTED</c>
    /// outcome once the engine has stopped; <paramref name="executionTimeout"/> replaces the definition's
    /// <c>TimeoutSeconds</c> (the outcome is then <c>TIMED_OUT</c>).
    /// </summary>
    public async Task<ExecutionOutcome> RunAsync(
        string executionName,
        string inputJson,
        IProgress<ExecutionEvent>? progress = null,
        TimeSpan? executionTimeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionName);
        ArgumentException.ThrowIfNullOrEmpty(inputJson);
        var arguments = CreateArguments(validate: false);
        arguments.AddRange(["--statuses", Statuses]);
        if (executionTimeout is { } timeout)
        {
            // Replaces the definition's TimeoutSeconds for this execution (tests of a timed-out run).
            arguments.AddRange(["--timeout-seconds", Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        EngineProcess started;
        try
        {
            started = await _runtime.StartAsync(Script, arguments, Environment, ReadyTimeout, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ExecutionOutcome(ExecutionStatus.Aborted, null, "ExecutionAborted", "cancelled before the execution started", 0, TimeSpan.Zero, TimeSpan.Zero);
        }

        await using var engine = started;
        var validation = engine.Ready.TryGetProperty("validationMs", out var ms) ? TimeSpan.FromMilliseconds(ms.GetDouble()) : TimeSpan.Zero;

        using var input = JsonDocument.Parse(inputJson);
        var command = JsonSerializer.Serialize(new Dictionary<string, object> { ["input"] = input.RootElement, ["name"] = executionName });
        var clock = Stopwatch.StartNew();
        await engine.WriteLineAsync(command, cancellationToken);

        var transitions = 0;
        using var abortRegistration = cancellationToken.Register(() => _ = AbortAsync(engine));
        using var grace = new CancellationTokenSource();
        using var graceOnCancel = cancellationToken.Register(() => grace.CancelAfter(AbortGrace));
        try
        {
            await foreach (var line in engine.Lines.ReadAllAsync(grace.Token))
            {
                if (!line.StartsWith('{'))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.TryGetProperty("status", out var status))
                {
                    return new ExecutionOutcome(
                        ExecutionStatuses.Parse(status.GetString()),
                        root.TryGetProperty("output", out var output) ? output.Clone() : null,
                        Text(root, "error"),
                        Text(root, "cause"),
                        transitions,
                        clock.Elapsed,
                        validation)
                    {
                        LargestStateBytes = root.TryGetProperty("largestStateBytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt32() : 0,
                        LargestState = Text(root, "largestState"),
                    };
                }

                var executionEvent = ParseEvent(root);
                if (executionEvent.IsTransition)
                {
                    transitions++;
                }

                progress?.Report(executionEvent);
            }
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
            return new ExecutionOutcome(ExecutionStatus.Aborted, null, "ExecutionAborted", "the engine did not stop within the grace period", transitions, clock.Elapsed, validation);
        }

        return new ExecutionOutcome(
            cancellationToken.IsCancellationRequested ? ExecutionStatus.Aborted : ExecutionStatus.Failed,
            null,
            "States.Runtime",
            $"the local Step Functions engine exited without a result: {engine.StderrTail}",
            transitions,
            clock.Elapsed,
            validation);
    }

    private static async Task AbortAsync(EngineProcess engine)
    {
        try
        {
            await engine.WriteLineAsync("{\"abort\":true}");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone: nothing to abort.
        }
    }

    private static ExecutionEvent ParseEvent(JsonElement root) => new(
        Text(root, "event") ?? "Unknown",
        Text(root, "state"),
        Text(root, "stateType"),
        root.TryGetProperty("index", out var index) && index.ValueKind == JsonValueKind.Number ? index.GetInt32() : null,
        root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.Number ? DateTimeOffset.FromUnixTimeMilliseconds(t.GetInt64()) : DateTimeOffset.UnixEpoch,
        root.TryGetProperty("output", out var output) ? output.Clone() : null,
        Text(root, "error"),
        Text(root, "cause"),
        root.TryGetProperty("attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number ? attempt.GetInt32() : null);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private List<string> CreateArguments(bool validate)
    {
        var arguments = new List<string> { "--definition", DefinitionPath };
        foreach (var (name, value) in Substitutions)
        {
            arguments.Add("--substitute");
            arguments.Add($"{name}={value}");
        }

        if (validate)
        {
            arguments.Add("--validate");
        }

        return arguments;
    }
}
