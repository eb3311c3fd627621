using System.Globalization;
using System.Text;
using Tuner.Core.Ports;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>
/// An in-memory Lambda API: functions with <c>$LATEST</c>, published versions (snapshots), tags, and an invoke
/// behaviour per function. Records every call so tests can check what was (not) changed. Like Lambda, every change
/// gives <c>$LATEST</c> a new <c>RevisionId</c>, and an update or publish naming another revision (or publish naming
/// other code) is refused.
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

    /// <summary>Runs before each UpdateFunctionConfiguration is checked (e.g. the owner changing the function just before Tuner's update).</summary>
    public Action? BeforeUpdate { get; set; }

    /// <summary>Runs before each PublishVersion is checked (e.g. to deploy new code between Tuner's update and its publish).</summary>
    public Action? BeforePublish { get; set; }

    /// <summary>Publishes whatever the revision and code preconditions say (a Lambda that does not check them), so the version check after publishing can be tested.</summary>
    public bool IgnorePublishPreconditions { get; set; }

    /// <summary>The revision and code hash each UpdateFunctionConfiguration / PublishVersion carried, in call order.</summary>
    public List<(string Operation, string? RevisionId, string? CodeSha256)> Preconditions { get; } = [];

    private int _revision;

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
                null,
                RevisionId: NextRevision(),
                CodeSha256: "code-v1",
                LastModified: "2026-12-01T10:00:00.000+0000"),
        };
        if (allowed)
        {
            function.Tags["tuner:allow"] = "true";
        }

        _functions[name] = function;
        return function;
    }

    public FakeFunction Function(string name) => _functions[name];

    /// <summary>The function's owner changes <c>$LATEST</c> (a deploy or a configuration change): a new revision.</summary>
    public void OwnerChanges(string name, Func<FunctionConfiguration, FunctionConfiguration> change)
    {
        lock (_lock)
        {
            var function = Find(name);
            function.Latest = change(function.Latest) with { RevisionId = NextRevision(), LastModified = "2026-12-01T11:00:00.000+0000" };
        }
    }

    public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Calls.Add(qualifier is null ? $"Get {functionName}" : $"Get {functionName}:{qualifier}");
            var function = Find(functionName);
            function.ThrowIfDenied("Get");
            if (qualifier is null or "$LATEST")
            {
                if (function.SettlingReads > 0)
                {
                    function.SettlingReads--;
                    return Task.FromResult(function.Latest with { LastUpdateStatus = "InProgress" });
                }

                return Task.FromResult(function.Latest);
            }

            var index = function.Versions.FindIndex(v => v.Version == qualifier);
            var version = function.Versions[index];
            if (version.State == "Pending" && --function.PendingReadsLeft[qualifier] <= 0)
            {
                version = version with { State = function.PendingEndsAs, StateReasonCode = function.PendingEndsAs == "Active" ? null : "SnapStartNotReady" };
                function.Versions[index] = version;
            }

            return Task.FromResult(version);
        }
    }

    public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, FunctionConfigurationUpdate update, CancellationToken cancellationToken = default)
    {
        BeforeUpdate?.Invoke();
        lock (_lock)
        {
            Calls.Add($"Update {functionName} {update.MemorySizeMb}");
            var function = Find(functionName);
            function.ThrowIfDenied("Update");
            Preconditions.Add(("Update", update.RevisionId, null));
            ThrowIfRevisionChanged(function, update.RevisionId);
            function.Latest = function.Latest with
            {
                MemorySizeMb = update.MemorySizeMb ?? function.Latest.MemorySizeMb,
                TimeoutSeconds = update.TimeoutSeconds ?? function.Latest.TimeoutSeconds,
                Environment = update.Environment is null ? function.Latest.Environment : new Dictionary<string, string>(update.Environment.ToDictionary()),
                RevisionId = NextRevision(),
            };
            function.Updates++;
            return Task.FromResult(function.Latest);
        }
    }

    public Task<FunctionConfiguration> PublishVersionAsync(
        string functionName, string? description = null, string? revisionId = null, string? codeSha256 = null, CancellationToken cancellationToken = default)
    {
        BeforePublish?.Invoke();
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
            Preconditions.Add(("Publish", revisionId, codeSha256));
            if (!IgnorePublishPreconditions)
            {
                ThrowIfRevisionChanged(function, revisionId);
            }

            if (!IgnorePublishPreconditions && codeSha256 is not null && codeSha256 != function.Latest.CodeSha256)
            {
                throw new LambdaApiException(
                    "InvalidParameterValueException",
                    400,
                    $"CodeSHA256 ({codeSha256}) is different from current CodeSHA256 in $LATEST ({function.Latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.");
            }

            var version = function.Latest with
            {
                Version = (function.Versions.Count + function.Deleted.Count + 1).ToString(CultureInfo.InvariantCulture),
                Description = description,
                RevisionId = NextRevision(),
                State = function.PendingReads > 0 ? "Pending" : "Active",
                StateReasonCode = function.PendingReads > 0 ? "Creating" : null,
            };
            function.PendingReadsLeft[version.Version] = function.PendingReads;
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

    public Task UpdateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Tuner's functions change no aliases");

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

    private static void ThrowIfRevisionChanged(FakeFunction function, string? revisionId)
    {
        if (revisionId is not null && revisionId != function.Latest.RevisionId)
        {
            throw new LambdaApiException(
                "PreconditionFailedException",
                412,
                "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private string NextRevision() => string.Create(CultureInfo.InvariantCulture, $"rev-{++_revision}");

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

    /// <summary>An update in progress: <c>$LATEST</c> reads <c>LastUpdateStatus: InProgress</c> for this many reads, then its own status.</summary>
    public int SettlingReads { get; set; }

    /// <summary>SnapStart: a new version stays <c>Pending</c> for this many reads of it, then becomes <see cref="PendingEndsAs"/>.</summary>
    public int PendingReads { get; set; }

    /// <summary>What a Pending version becomes (<c>Active</c>, or <c>Failed</c> when its snapshot could not be made).</summary>
    public string PendingEndsAs { get; set; } = "Active";

    internal Dictionary<string, int> PendingReadsLeft { get; } = new(StringComparer.Ordinal);

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
