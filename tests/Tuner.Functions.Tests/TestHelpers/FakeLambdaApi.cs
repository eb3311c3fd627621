using System.Globalization;
using System.Text;
using Tuner.Core.Ports;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>
/// An in-memory Lambda API: functions with <c>$LATEST</c>, published versions (snapshots), tags, and an invoke
/// behaviour per function. Records every call so tests can check what was (not) changed.
/// </summary>
public sealed class FakeLambdaApi : ILambdaApi
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeFunction> _functions = new(StringComparer.Ordinal);
    private int _inFlight;

    public List<string> Calls { get; } = [];

    public int MaxInFlight { get; private set; }

    /// <summary>Fails the N-th PublishVersion (1-based) with this exception.</summary>
    public (int Call, Exception Error)? FailPublish { get; set; }

    private int _publishCalls;

    /// <summary>Runs after each successful PublishVersion (e.g. to advance a test clock by what an update + publish takes).</summary>
    public Action? AfterPublish { get; set; }

    public FakeFunction Add(string name, int memoryMb = 512, int timeoutSeconds = 30, IReadOnlyDictionary<string, string>? environment = null, bool allowed = true)
    {
        var function = new FakeFunction(name)
        {
            Latest = new FunctionConfiguration(
                name,
                $"arn:aws:lambda:us-east-1:123456789012:function:{name}",
                "$LATEST",
                memoryMb,
                timeoutSeconds,
                environment ?? new Dictionary<string, string> { ["TABLE"] = "events" },
                "arm64",
                "dotnet10",
                "Active",
                "Successful",
                null),
        };
        if (allowed)
        {
            function.Tags["tuner:allow"] = "true";
        }

        _functions[name] = function;
        return function;
    }

    public FakeFunction Function(string name) => _functions[name];

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"Get {functionName}");
            var function = Find(functionName);
            function.ThrowIfDenied("Get");
            return Task.FromResult(qualifier is null or "$LATEST" ? function.Latest : function.Versions.Single(v => v.Version == qualifier));
        }
    }

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, FunctionConfigurationUpdate update, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"Update {functionName} {update.MemorySizeMb}");
            var function = Find(functionName);
            function.ThrowIfDenied("Update");
            function.Latest = function.Latest with
            {
                MemorySizeMb = update.MemorySizeMb ?? function.Latest.MemorySizeMb,
                TimeoutSeconds = update.TimeoutSeconds ?? function.Latest.TimeoutSeconds,
                Environment = update.Environment is null ? function.Latest.Environment : new Dictionary<string, string>(update.Environment.ToDictionary()),
            };
            function.Updates++;
            return Task.FromResult(function.Latest);
        }
    }

    public Task<FunctionConfiguration> PublishVersionAsync(string functionName, string? description = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"Publish {functionName}");
            _publishCalls++;
            if (FailPublish is { } failure && failure.Call == _publishCalls)
            {
                throw failure.Error;
            }

            var function = Find(functionName);
            function.ThrowIfDenied("Publish");
            var version = function.Latest with
            {
                Version = (function.Versions.Count + function.Deleted.Count + 1).ToString(CultureInfo.InvariantCulture),
                Description = description,
            };
            function.Versions.Add(version);
            AfterPublish?.Invoke();
            return Task.FromResult(version);
        }
    }

    public Task<IReadOnlyList<FunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"ListVersions {functionName}");
            var function = Find(functionName);
            function.ThrowIfDenied("ListVersions");
            return Task.FromResult<IReadOnlyList<FunctionConfiguration>>([function.Latest, .. function.Versions]);
        }
    }

    public Task DeleteFunctionVersionAsync(string functionName, string version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"DeleteVersion {functionName}:{version}");
            var function = Find(functionName);
            function.ThrowIfDenied("Delete");
            var existing = function.Versions.SingleOrDefault(v => v.Version == version)
                ?? throw new LambdaApiException("ResourceNotFoundException", 404, $"version {version} not found");
            function.Versions.Remove(existing);
            function.Deleted.Add(version);
            return Task.CompletedTask;
        }
    }

    public Task CreateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Tuner creates no aliases");

    public Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Tuner creates no aliases");

    public Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add($"ListTags {functionArn}");
            var function = Find(functionArn);
            function.ThrowIfDenied("ListTags");
            return Task.FromResult<IReadOnlyDictionary<string, string>>(function.Tags);
        }
    }

    public async Task<InvocationResult> InvokeAsync(string functionName, string? qualifier, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        FakeFunction function;
        FunctionConfiguration configuration;
        lock (_lock)
        {
            Calls.Add($"Invoke {functionName}:{qualifier}");
            function = Find(functionName);
            configuration = qualifier is null or "$LATEST" ? function.Latest : function.Versions.Single(v => v.Version == qualifier);
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
        }

        try
        {
            await Task.Yield();
            return await function.Behaviour(configuration, Encoding.UTF8.GetString(payload.Span));
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    /// <summary>A successful invocation with a REPORT line and workload metrics.</summary>
    public static InvocationResult Success(FunctionConfiguration configuration, double durationMs, bool cold = false) => new(
        200,
        Encoding.UTF8.GetBytes("{\"tunerMetrics\":{\"items\":100,\"consumedWriteUnits\":100,\"retries\":0,\"throttles\":0}}"),
        null,
        Report(configuration.MemorySizeMb, durationMs, cold ? 150 : null),
        configuration.Version);

    /// <summary>A function error with a REPORT line (e.g. Runtime.OutOfMemory).</summary>
    public static InvocationResult Failure(FunctionConfiguration configuration, string errorType, string message) => new(
        200,
        Encoding.UTF8.GetBytes($"{{\"errorType\":\"{errorType}\",\"errorMessage\":\"{message}\"}}"),
        "Unhandled",
        Report(configuration.MemorySizeMb, 40, null, configuration.MemorySizeMb),
        configuration.Version);

    private static string Report(int memoryMb, double durationMs, double? initMs, int maxMemoryMb = 60) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"START RequestId: r\nEND RequestId: r\nREPORT RequestId: r\tDuration: {durationMs:0.00} ms\tBilled Duration: {Math.Ceiling(durationMs):0} ms\tMemory Size: {memoryMb} MB\tMax Memory Used: {maxMemoryMb} MB{(initMs is { } init ? $"\tInit Duration: {init:0.00} ms" : string.Empty)}\t\n");

    private FakeFunction Find(string nameOrArn)
    {
        var name = nameOrArn.Contains(':', StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf(':') + 1)..] : nameOrArn;
        return _functions.TryGetValue(name, out var function)
            ? function
            : throw new LambdaApiException("ResourceNotFoundException", 404, $"Function not found: {nameOrArn}");
    }
}

/// <summary>One function of <see cref="FakeLambdaApi"/>.</summary>
public sealed class FakeFunction(string name)
{
    public string Name { get; } = name;

    public required FunctionConfiguration Latest { get; set; }

    public List<FunctionConfiguration> Versions { get; } = [];

    public List<string> Deleted { get; } = [];

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public int Updates { get; set; }

    /// <summary>Operations (<c>Get</c>, <c>ListTags</c>, <c>Update</c>, <c>Publish</c>, <c>ListVersions</c>, <c>Delete</c>) the Lambda API refuses with AccessDeniedException (403), as IAM does on AWS.</summary>
    public HashSet<string> DeniedOperations { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations (as in <see cref="DeniedOperations"/>) that throw the given exception, e.g. an HttpRequestException.</summary>
    public Dictionary<string, Exception> FailingOperations { get; } = new(StringComparer.Ordinal);

    internal void ThrowIfDenied(string operation)
    {
        if (FailingOperations.TryGetValue(operation, out var failure))
        {
            throw failure;
        }

        if (DeniedOperations.Contains(operation))
        {
            throw new LambdaApiException("AccessDeniedException", 403, $"User is not authorized to perform {operation} on {Name}");
        }
    }

    public Func<FunctionConfiguration, string, Task<InvocationResult>> Behaviour { get; set; } =
        (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 100));
}
