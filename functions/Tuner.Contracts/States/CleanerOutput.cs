namespace Tuner.Contracts.States;

/// <summary>
/// What the Cleaner did, target by target (every target of the run's plan, each cleaned independently), and when;
/// also written to <see cref="BucketKeys.Cleanup"/>, beside the report, for <c>tuner run</c> and <c>tuner fetch</c>.
/// </summary>
public sealed record CleanerOutput(string RunId, IReadOnlyList<TargetCleanup> Targets)
{
    /// <summary>When the Cleaner finished.</summary>
    public DateTimeOffset? CleanedAt { get; init; }

    /// <summary>How the run ended, as the Cleaner was told (<c>succeeded</c>, <c>failed</c>, <c>ABORTED</c> …).</summary>
    public string? Ending { get; init; }
}
