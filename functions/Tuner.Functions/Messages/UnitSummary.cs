using Tuner.Contracts;

namespace Tuner.Functions.Messages;

/// <summary>
/// <see cref="BucketKeys.UnitSummary"/>: what one Executor did, one
/// <see cref="CellSummary"/> per cell (error messages truncated), for the Reducer's warnings.
/// </summary>
public sealed record UnitSummary(
    int Step,
    int Unit,
    int TargetIndex,
    int Stage,
    bool DeadlineReached,
    IReadOnlyList<CellSummary> Cells);
