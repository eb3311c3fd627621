namespace Tuner.Core.Requests;

/// <summary>
/// The state machine's input: which functions to tune, over which matrix, for which objective.
/// Read and validated by <c>TuningRequestReader</c>; <c>job</c> names the series compared week to week.
/// <see cref="Region"/> <c>null</c> means the region the run executes in.
/// </summary>
public sealed record TuningRequest(
    string Job,
    IReadOnlyList<TuningTarget> Targets,
    Objective Objective,
    Budget? Budget,
    string? Region,
    int MaxConcurrency,
    AlertThresholds Alerts)
{
    /// <summary>Cells measured at once when the request says nothing.</summary>
    public const int DefaultMaxConcurrency = 10;
}
