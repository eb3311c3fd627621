namespace Tuner.Core.Reports;

/// <summary>
/// A week-to-week alert (filled by the reports engine from the previous report of the same job):
/// <see cref="Metric"/> (e.g. <c>p95DurationMs</c>, <c>maxMemoryUsedMb</c>, <c>costPerInvocationUsd</c>, <c>errorRatePct</c>)
/// moved from <see cref="Previous"/> to <see cref="Current"/>, beyond <see cref="ThresholdPct"/>.
/// </summary>
public sealed record ReportAlert(
    string Function,
    string Metric,
    double Previous,
    double Current,
    double ChangePct,
    double ThresholdPct,
    string Message);
