using Tuner.Reports.Synthetic;

namespace Tuner.Reports.Tests;

public sealed class ReportTextTests
{
    [Fact]
    public void Recommendation_NoRecommendation_SaysKeepAndPointsToFailures()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var target = report.Targets[0] with { Recommendation = null };

        var sentence = ReportText.Recommendation(target);

        Assert.Equal("No recommendation for orders-ingest: no configuration produced a usable measurement, so keep 1024 MB · batch 1 · 1 parallel and look at the failed cells.", sentence);
    }

    [Fact]
    public void Recommendation_NoMonthlyTraffic_LeavesOutPerMonth()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { MonthlyInvocations = null });

        var sentence = ReportText.Recommendation(report.Targets[0]);

        Assert.DoesNotContain("a month", sentence, StringComparison.Ordinal);
        Assert.Contains("per million invocations", sentence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("baseline.p95DurationMs", "current: p95 duration (ms)")]
    [InlineData("recommended.costPerMillionInvocationsUsd", "recommended: cost per 1M invocations (USD)")]
    [InlineData("configurationFailureRatePct", "configurationFailureRatePct")]
    public void TrendFigure_Metric_HumanName(string metric, string expected)
    {
        Assert.Equal(expected, ReportText.TrendFigure(metric));
    }
}
