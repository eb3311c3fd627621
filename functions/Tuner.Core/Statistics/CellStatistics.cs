namespace Tuner.Core.Statistics;

/// <summary>
/// Everything measured about one cell. <see cref="Duration"/> is the handler duration of successful invocations
/// (latency constraints use its percentiles); <see cref="BilledDuration"/> covers every invocation, failed ones
/// included, because Lambda bills them (cost uses its mean). <see cref="ErrorTypes"/> counts failures by type.
/// <see cref="Duration"/> is <c>null</c> when no invocation succeeded. Since schema v2 every figure is of measured
/// (warm) invocations; <see cref="ColdStarts"/> and <see cref="ColdStartShare"/> count the cold starts among all of the
/// cell's invocations in the test (warm-ups included) — not production's share, which the cost uses.
/// <see cref="InvokeThrottles"/> counts the Invoke attempts of all its invocations that Lambda refused with 429 and the
/// Executor retried (the function did not run on those).
/// </summary>
public sealed record CellStatistics(
    int Count,
    int Errors,
    double ErrorRate,
    ConfidenceInterval ErrorRateCi,
    double ColdStartShare,
    int ColdStarts,
    DistributionStatistics? Duration,
    DistributionStatistics BilledDuration,
    double? MeanInitDurationMs,
    int MaxMemoryUsedMb,
    double MeanMaxMemoryUsedMb,
    WorkloadStatistics? Workload,
    IReadOnlyDictionary<string, int> ErrorTypes,
    bool LimitsEnforced,
    int InvokeThrottles = 0);
