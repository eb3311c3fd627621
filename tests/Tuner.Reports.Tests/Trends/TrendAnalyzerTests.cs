using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Reports.Tests.TestHelpers.Synthetic;
using Tuner.Reports.Trends;

namespace Tuner.Reports.Tests.Trends;

public sealed class TrendAnalyzerTests
{
    private static readonly SyntheticReportOptions LastWeek = new() { RunId = "run-prev", FinishedAt = new DateTimeOffset(2026, 11, 14, 6, 0, 0, TimeSpan.Zero) };

    [Fact]
    public void Compare_SameFigures_TrendWithZeroChangesUnchangedRecommendationAndNoAlerts()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions());

        var (trend, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        Assert.NotNull(trend);
        Assert.Equal("run-prev", trend.PreviousRunId);
        Assert.Empty(alerts);
        Assert.All(trend.Entries, e => Assert.Equal(0, e.ChangePct));
        Assert.Contains(trend.Entries, e => e.Metric == "baseline.p95DurationMs");
        Assert.Contains(trend.Entries, e => e.Metric == "recommended.costPerMillionInvocationsUsd");
        Assert.DoesNotContain(trend.Entries, e => e.Metric.StartsWith("recommendation.", StringComparison.Ordinal));
        var change = Assert.Single(trend.Recommendations);
        Assert.Equal(new RecommendationChange("orders-ingest", false, "128 MB · batch 25 · 4 parallel", "128 MB · batch 25 · 4 parallel"), change);
    }

    [Fact]
    public void Compare_DurationUp9Percent_NoAlertAt10PercentThreshold()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 1.09 });

        var (_, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        Assert.DoesNotContain(alerts, a => a.Metric.EndsWith("p95DurationMs", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_DurationUp12Percent_AlertsForBaselineAndRecommendedWithValues()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 1.12 });

        var (_, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        var baseline = Assert.Single(alerts, a => a.Metric == "baseline.p95DurationMs");
        Assert.Equal(12, baseline.ChangePct, 6);
        Assert.Equal(10, baseline.ThresholdPct);
        Assert.Equal(previous.Targets[0].Baseline!.Statistics.Duration!.P95, baseline.Previous, 9);
        Assert.Equal(current.Targets[0].Baseline!.Statistics.Duration!.P95, baseline.Current, 9);
        Assert.Single(alerts, a => a.Metric == "recommended.p95DurationMs");
    }

    [Fact]
    public void Compare_MemoryUp30Percent_MaxMemoryAlert()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { MemoryFactor = 1.3 });

        var (_, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        var alert = Assert.Single(alerts, a => a.Metric == "baseline.maxMemoryUsedMb");
        Assert.Equal(20, alert.ThresholdPct);
        Assert.True(alert.ChangePct > 20);
    }

    [Fact]
    public void Compare_CostUp20PercentWithCustomThreshold25_NoCostAlert()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 3 });
        var thresholds = new AlertThresholds(DurationIncreasePct: 1000, CostIncreasePct: 1000);

        var (trend, alerts) = TrendAnalyzer.Compare(previous, true, current, thresholds);

        Assert.Empty(alerts);
        Assert.Contains(trend!.Entries, e => e.Metric == "baseline.costPerMillionInvocationsUsd" && e.ChangePct > 15);
    }

    [Fact]
    public void Compare_CostUpBeyond15Percent_CostAlert()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 3 });

        var (_, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        var cost = Assert.Single(alerts, a => a.Metric == "baseline.costPerMillionInvocationsUsd");
        Assert.Equal(15, cost.ThresholdPct);
    }

    [Fact]
    public void Compare_FirstRunWithFailedCellsAndErrors_AbsoluteAlertsOnly()
    {
        var current = SyntheticReport.Create(new SyntheticReportOptions { FailedCells = 2, BaselineErrorRate = 0.1 });

        var (trend, alerts) = TrendAnalyzer.Compare(null, false, current, AlertThresholds.Default);

        Assert.Null(trend);
        var failures = Assert.Single(alerts, a => a.Metric == TrendAnalyzer.ConfigurationFailureMetric);
        Assert.Equal(2 * 100.0 / 31, failures.Current, 9); // 30 matrix cells + the baseline, failed ones counted once
        var errors = Assert.Single(alerts, a => a.Metric == "baseline.errorRatePct");
        Assert.Equal(10, errors.Current, 9);
        Assert.Equal(5, errors.ThresholdPct);
    }

    [Fact]
    public void Compare_ErrorRateExactly5Percent_NoAlert()
    {
        var current = SyntheticReport.Create(new SyntheticReportOptions { BaselineErrorRate = 0.05 });

        var (_, alerts) = TrendAnalyzer.Compare(null, false, current, AlertThresholds.Default);

        Assert.Empty(alerts);
    }

    [Fact]
    public void Compare_UnverifiedPrevious_NotTrustedAndReported()
    {
        var previous = SyntheticReport.Create(LastWeek with { DurationFactor = 0.5 });
        var current = SyntheticReport.Create(new SyntheticReportOptions());

        var (trend, alerts) = TrendAnalyzer.Compare(previous, false, current, AlertThresholds.Default);

        Assert.Null(trend);
        var alert = Assert.Single(alerts);
        Assert.Equal(TrendAnalyzer.PreviousUnverifiedMetric, alert.Metric);
        Assert.Contains("run-prev", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RecommendationMoved_RecommendationChangeFlagged()
    {
        var previous = SyntheticReport.Create(LastWeek with { MemoryMb = [512, 1024] });
        var current = SyntheticReport.Create(new SyntheticReportOptions());

        var (trend, _) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);

        var change = Assert.Single(trend!.Recommendations);
        Assert.True(change.Changed);
        Assert.Equal("orders-ingest", change.Function);
        Assert.StartsWith("512 MB · ", change.Previous, StringComparison.Ordinal);
        Assert.StartsWith("128 MB · ", change.Current, StringComparison.Ordinal);
        Assert.DoesNotContain(trend.Entries, e => e.Metric.StartsWith("recommendation.", StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_Trend_SurvivesCanonicalJsonRoundTrip()
    {
        var previous = SyntheticReport.Create(LastWeek);
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 1.5 });
        var (trend, alerts) = TrendAnalyzer.Compare(previous, true, current, AlertThresholds.Default);
        var report = current with { Trend = trend, Alerts = alerts };

        var parsed = TuningReport.Parse(CanonicalJson.Serialize(report));

        Assert.Equal(alerts.Count, parsed.Alerts.Count);
        Assert.Equal(trend!.Entries.Count, parsed.Trend!.Entries.Count);
        Assert.Equal(trend.Recommendations, parsed.Trend.Recommendations);
    }
}
