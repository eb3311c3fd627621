namespace Tuner.Core.Planning;

/// <summary>
/// The plan for one target: its baseline, the cells to measure (baseline first) and the versions to publish.
/// <see cref="Architecture"/> is the one prices are looked up for.
/// </summary>
public sealed record TargetPlan(
    int TargetIndex,
    string Function,
    string Architecture,
    BaselineConfiguration Baseline,
    IReadOnlyList<PlanCell> Cells,
    IReadOnlyList<PlannedVersion> Versions);
