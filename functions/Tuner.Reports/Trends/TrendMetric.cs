using Tuner.Core.Reports;
using Tuner.Core.Requests;

namespace Tuner.Reports.Trends;

/// <summary>
/// A figure compared week to week. Trend entries name it <c>&lt;subject&gt;.&lt;key&gt;</c>, subject
/// <c>baseline</c> (the configuration the function runs with) or <c>recommended</c>; <see cref="HigherIsWorse"/>
/// tells arrows and alerts which way is a regression; <see cref="AlertThreshold"/>, where set, is the request's
/// threshold for a regression alert on this figure.
/// </summary>
internal sealed record TrendMetric(
    string Key,
    string Label,
    string Unit,
    bool HigherIsWorse,
    Func<CellReport, double?> Read,
    Func<AlertThresholds, double>? AlertThreshold = null)
{
    public const string Baseline = "baseline";
    public const string Recommended = "recommended";

    public static IReadOnlyList<TrendMetric> All { get; } =
    [
        new("p50DurationMs", "p50 duration", "ms", true, c => c.Statistics.Duration?.P50),
        new("p95DurationMs", "p95 duration", "ms", true, c => c.Statistics.Duration?.P95, t => t.DurationIncreasePct),
        new("p99DurationMs", "p99 duration", "ms", true, c => c.Statistics.Duration?.P99),
        new("maxMemoryUsedMb", "max memory used", "MB", true, c => c.Statistics.MaxMemoryUsedMb, t => t.MaxMemoryIncreasePct),
        new("costPerMillionInvocationsUsd", "cost per 1M invocations", "USD", true, c => (double)c.Cost.PerMillionInvocationsUsd, t => t.CostIncreasePct),
        new("errorRatePct", "error rate", "%", true, c => c.Statistics.ErrorRate * 100),
        new("coldStartPct", "cold starts", "%", true, c => c.Statistics.ColdStartShare * 100),
        new("itemsPerSecond", "items per second", "items/s", false, ItemsPerSecond),
    ];

    /// <summary>Items written per second of handler time, when the target reports items.</summary>
    public static double? ItemsPerSecond(CellReport c) =>
        c.Statistics.Workload?.MeanItems is { } items && c.Statistics.Duration is { Mean: > 0 } d ? items / (d.Mean / 1000.0) : null;

    /// <summary>A trend entry's metric name ("baseline.p95DurationMs") as its subject, key and metric (null if unknown).</summary>
    public static (string Subject, string Key, TrendMetric? Metric) Split(string metric)
    {
        var dot = metric.IndexOf('.', StringComparison.Ordinal);
        var key = dot > 0 ? metric[(dot + 1)..] : metric;
        return (dot > 0 ? metric[..dot] : string.Empty, key, Find(key));
    }

    public static TrendMetric? Find(string key) => All.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal));
}
