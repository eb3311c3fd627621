using Tuner.Core.Reports;

namespace Tuner.Reports.Trends;

/// <summary>
/// A figure compared week to week. Trend entries name it <c>&lt;subject&gt;.&lt;key&gt;</c>, subject
/// <c>baseline</c> (the configuration the function runs with) or <c>recommended</c>; <see cref="HigherIsWorse"/>
/// tells arrows and alerts which way is a regression.
/// </summary>
internal sealed record TrendMetric(string Key, string Label, string Unit, bool HigherIsWorse, Func<CellReport, double?> Read)
{
    public const string Baseline = "baseline";
    public const string Recommended = "recommended";

    public static IReadOnlyList<TrendMetric> All { get; } =
    [
        new("p50DurationMs", "p50 duration", "ms", true, c => c.Statistics.Duration?.P50),
        new("p95DurationMs", "p95 duration", "ms", true, c => c.Statistics.Duration?.P95),
        new("p99DurationMs", "p99 duration", "ms", true, c => c.Statistics.Duration?.P99),
        new("maxMemoryUsedMb", "max memory used", "MB", true, c => c.Statistics.MaxMemoryUsedMb),
        new("costPerMillionInvocationsUsd", "cost per 1M invocations", "USD", true, c => (double)c.Cost.PerMillionInvocationsUsd),
        new("errorRatePct", "error rate", "%", true, c => c.Statistics.ErrorRate * 100),
        new("coldStartPct", "cold starts", "%", true, c => c.Statistics.ColdStartShare * 100),
        new("itemsPerSecond", "items per second", "items/s", false, ItemsPerSecond),
    ];

    /// <summary>Items written per second of handler time, when the target reports items.</summary>
    public static double? ItemsPerSecond(CellReport c) =>
        c.Statistics.Workload?.MeanItems is { } items && c.Statistics.Duration is { Mean: > 0 } d ? items / (d.Mean / 1000.0) : null;

    public static TrendMetric? Find(string key) => All.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal));
}
