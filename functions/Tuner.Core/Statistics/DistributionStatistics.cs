namespace Tuner.Core.Statistics;

/// <summary>
/// Summary of one measured quantity (e.g. duration in ms): mean with a t-interval, and the p50/p90/p95/p99 quantiles
/// (Hyndman–Fan type 7) with exact distribution-free order-statistic intervals, null where the sample is too small for
/// one (an upper 95% bound of the p95 needs 72 samples, of the p99 368).
/// </summary>
public sealed record DistributionStatistics(
    int Count,
    double Mean,
    ConfidenceInterval MeanCi,
    double StdDev,
    double Min,
    double Max,
    double P50,
    ConfidenceInterval? P50Ci,
    double P90,
    ConfidenceInterval? P90Ci,
    double P95,
    ConfidenceInterval? P95Ci,
    double P99,
    ConfidenceInterval? P99Ci);
