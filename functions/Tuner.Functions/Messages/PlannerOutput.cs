namespace Tuner.Functions.Messages;

/// <summary>
/// The Planner's result, the Map state's input: run id, job, bucket, how many cells run at once, and the cells.
/// <see cref="EstimatedMaxUsd"/> is the plan's upper-bound cost.
/// </summary>
public sealed record PlannerOutput(
    string RunId,
    string Job,
    string Bucket,
    int MaxConcurrency,
    decimal EstimatedMaxUsd,
    IReadOnlyList<CellTask> Cells);
