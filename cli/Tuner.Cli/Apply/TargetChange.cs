namespace Tuner.Cli.Apply;

/// <summary>
/// What applying one target's recommendation changes: memory and environment variables from → to
/// (<see cref="Changes"/>, one line each), or why it cannot be applied: <see cref="Drift"/> lists how the function
/// differs from the configuration the run measured as current. <see cref="RevisionId"/> is the revision the check read:
/// the update is conditional on it.
/// </summary>
internal sealed record TargetChange(
    string Function,
    string CellId,
    int MemoryMb,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Changes,
    IReadOnlyList<string> Drift,
    string? RevisionId,
    string? CodeSha256);
