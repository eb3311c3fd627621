namespace Tuner.Core.Planning;

/// <summary>
/// A target's configuration before tuning, as <c>GetFunctionConfiguration</c> returned it: what the baseline cell
/// measures and what the Cleaner restores. <see cref="Environment"/> includes any existing <c>TUNER_DDB_*</c> values.
/// <see cref="RevisionId"/> and <see cref="CodeSha256"/> are the revision and code Tuner saw: its first change carries
/// the revision as a precondition, and every version it publishes must carry that code.
/// </summary>
public sealed record BaselineConfiguration(
    string FunctionName,
    string FunctionArn,
    int MemoryMb,
    int TimeoutSeconds,
    string Architecture,
    string? Runtime,
    IReadOnlyDictionary<string, string> Environment,
    string? RevisionId = null,
    string? CodeSha256 = null);
