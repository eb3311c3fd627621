namespace Tuner.Functions.Messages;

/// <summary>
/// <c>runs/&lt;runId&gt;/steps/&lt;step&gt;/unit-&lt;unit&gt;.json</c>: what one Executor did, one
/// <see cref="CellSummary"/> per cell (error messages truncated), for the Reducer's warnings.
/// </summary>
public sealed record UnitSummary(
    int Step,
    int Unit,
    int TargetIndex,
    int Stage,
    bool DeadlineReached,
    IReadOnlyList<CellSummary> Cells);
