namespace Tuner.Core.Ports;

/// <summary>
/// The subset of the AWS Lambda API Tuner uses on target functions. Implemented by a SigV4 client
/// (AWS or the local Lambda service) and by fakes in tests. Failures surface as <see cref="LambdaApiException"/>.
/// </summary>
public interface ILambdaApi
{
    Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a configuration update of <c>$LATEST</c>; callers wait for <c>LastUpdateStatus</c> = Successful. With
    /// <see cref="FunctionConfigurationUpdate.RevisionId"/> set, Lambda refuses the update (412 PreconditionFailedException)
    /// when the function changed since that revision.
    /// </summary>
    Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, FunctionConfigurationUpdate update, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes <c>$LATEST</c> as a version. <paramref name="revisionId"/> and <paramref name="codeSha256"/> (when set)
    /// make Lambda refuse to publish a <c>$LATEST</c> that changed since Tuner last saw it: a changed revision is a 412
    /// PreconditionFailedException, a changed code hash an InvalidParameterValueException.
    /// </summary>
    Task<FunctionConfiguration> PublishVersionAsync(string functionName, string? description = null, string? revisionId = null, string? codeSha256 = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<FunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default);

    /// <summary>Deletes one published version. Implementations refuse <c>$LATEST</c> and empty versions: Tuner never deletes a function.</summary>
    Task DeleteFunctionVersionAsync(string functionName, string version, CancellationToken cancellationToken = default);

    Task CreateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default);

    /// <summary>Points an existing alias at another version (UpdateAlias).</summary>
    Task UpdateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default);

    Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default);

    /// <summary>Synchronous (RequestResponse) invoke with <c>LogType=Tail</c>.</summary>
    Task<InvocationResult> InvokeAsync(string functionName, string? qualifier, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default);
}

/// <summary>
/// A function's (or version's) configuration as Lambda reports it. <see cref="RevisionId"/> changes with every change
/// of the function (configuration, code, publish); <see cref="EnvironmentError"/> is set when Lambda could not return
/// the environment variables (<c>Environment.Error</c>, e.g. a KMS key Tuner may not use): <see cref="Environment"/> is
/// then empty, not the function's variables. <see cref="StateReasonCode"/> says why a <see cref="State"/> is Pending
/// or Failed (a SnapStart version is Pending until its snapshot exists).
/// </summary>
public sealed record FunctionConfiguration(
    string FunctionName,
    string FunctionArn,
    string Version,
    int MemorySizeMb,
    int TimeoutSeconds,
    IReadOnlyDictionary<string, string> Environment,
    string Architecture,
    string? Runtime,
    string State,
    string LastUpdateStatus,
    string? Description,
    string? RevisionId = null,
    string? CodeSha256 = null,
    string? LastModified = null,
    string? EnvironmentError = null,
    string? StateReasonCode = null);

/// <summary>
/// Fields of UpdateFunctionConfiguration Tuner sets; <c>null</c> leaves a field unchanged. <see cref="RevisionId"/> is
/// the precondition: the revision Tuner saw or wrote last.
/// </summary>
public sealed record FunctionConfigurationUpdate(
    int? MemorySizeMb = null,
    int? TimeoutSeconds = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? RevisionId = null);

/// <summary>The result of one Invoke: status, payload, function error, decoded log tail and executed version.</summary>
public sealed record InvocationResult(
    int StatusCode,
    byte[] Payload,
    string? FunctionError,
    string? LogTail,
    string? ExecutedVersion,
    bool LimitsEnforced = true);
