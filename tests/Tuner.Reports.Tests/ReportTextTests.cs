using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

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

    [Fact]
    public void StageLine_Narrowing_CellsSamplesAndDropped()
    {
        var stage = new StageRecord(2, StageKind.Narrowing, [.. Enumerable.Range(0, 12).Select(i => "c" + i)], 8, [.. Enumerable.Range(0, 20).Select(i => new DroppedCell("d" + i, 2, "why"))]);

        Assert.Equal("stage 2 narrowing: 12 cells × 8 samples, 20 dropped", ReportText.StageLine(stage));
    }

    [Fact]
    public void StageLine_ResumedConfirmation_NamesBothSidesAndSaysResumed()
    {
        var stage = new StageRecord(5, StageKind.Confirmation, ["t0-m512-b25-p4", "t0-baseline"], 50, [], "t0-m512-b25-p4", "t0-baseline", Continuations: 1);

        Assert.Equal("stage 5 confirmation: t0-m512-b25-p4 vs t0-baseline × 50 fresh samples, resumed once for cells that fell short", ReportText.StageLine(stage));
    }

    [Fact]
    public void DecisionLines_StagedReport_ReasonStagesAaConfirmationAndInvocations()
    {
        var decision = SyntheticReport.Create(new SyntheticReportOptions { Staged = true }).Targets[0].Decision!;

        var lines = ReportText.DecisionLines(decision);

        Assert.Equal("Why: " + ReportText.DecisionReason(decision), lines[0]);
        Assert.Equal(decision.Stages.Select(ReportText.StageLine), lines.Skip(1).Take(decision.Stages.Count));
        Assert.Equal("stage 1 first pass: 31 cells × 4 samples", lines[1]);
        Assert.StartsWith("A/A check passed: ", lines[decision.Stages.Count + 1], StringComparison.Ordinal);
        Assert.StartsWith("confirmation: ", lines[decision.Stages.Count + 2], StringComparison.Ordinal);
        Assert.Equal("margins cost 3%, duration 5%; production cold-start share 2%: costs are a warm invocation plus 2% of what a cold start adds", lines[^2]);
        Assert.Equal(ReportText.Invocations(decision), lines[^1]);
    }

    [Fact]
    public void DecisionLines_ColdMode_SaysTheDecisionIsOnColdStartsAndAppliesNoProductionShare()
    {
        var warm = SyntheticReport.Create(new SyntheticReportOptions { Staged = true }).Targets[0].Decision!;
        var decision = warm with { Measure = "cold" };

        var lines = ReportText.DecisionLines(decision);

        Assert.Equal("Why: " + ReportText.DecisionReason(decision), lines[0]);
        Assert.Equal("Decided on cold starts: " + ReportText.ColdMeasure, lines[1]);
        Assert.Equal(decision.Stages.Select(ReportText.StageLine), lines.Skip(2).Take(decision.Stages.Count));
        Assert.Equal("margins cost 3%, duration 5%; no production cold-start share: every measured invocation is a cold start", lines[^2]);
        Assert.DoesNotContain(ReportText.DecisionLines(warm), l => l.StartsWith("Decided on cold starts", StringComparison.Ordinal));
    }

    [Fact]
    public void Invocations_MeasuredTotalAndExhaustive()
    {
        var decision = new TargetDecision(RecommendationAction.KeepCurrent, "t0-baseline", "why", 0.03, 0.05, 0.01, "warm", [], null, null, [], [], 388, 425, 1550);

        Assert.Equal("388 measured invocations (425 with warm-ups and cold starts) of the 1,550 an exhaustive grid would measure (25%)", ReportText.Invocations(decision));
    }

    [Theory]
    [InlineData("the current configuration is the only one measured", "The current configuration is the only one measured.")]
    [InlineData("t0-m512-b25-p4: cost 38.2% lower than the current configuration.", "t0-m512-b25-p4: cost 38.2% lower than the current configuration.")]
    [InlineData("  ", "No reason recorded.")]
    public void DecisionReason_Reason_OneSentenceWithCellIdsKeptAsTheyAre(string reason, string expected)
    {
        var decision = new TargetDecision(RecommendationAction.KeepCurrent, "t0-baseline", reason, 0.03, 0.05, 0.01, "warm", [], null, null, [], [], 1, 1, 1);

        Assert.Equal(expected, ReportText.DecisionReason(decision));
    }
}
