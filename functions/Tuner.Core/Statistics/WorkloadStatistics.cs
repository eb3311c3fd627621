namespace Tuner.Core.Statistics;

/// <summary>
/// Means of what the target reported (<c>tunerMetrics</c>) over the <see cref="ReportingSamples"/> invocations that
/// reported it; a field is <c>null</c> when no invocation reported it.
/// </summary>
public sealed record WorkloadStatistics(
    int ReportingSamples,
    long? TotalItems,
    double? MeanItems,
    double? MeanConsumedWriteUnits,
    ConfidenceInterval? MeanConsumedWriteUnitsCi,
    double? MeanRetries,
    double? MeanThrottles);
