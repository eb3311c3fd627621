using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Reports;

public sealed class TuningAnalyzerTests
{
    [Fact]
    public void Analyze_Scenario_RecommendsTheCheapestSignificantlyBetterCell()
    {
        var report = ReportScenario.Report();

        var target = Assert.Single(report.Targets);
        var recommendation = target.Recommendation!;
        Assert.True(recommendation.Action == RecommendationAction.Switch && recommendation.CellId == "t0-m1024-b25", recommendation.Reason + " | " + string.Join(" / ", target.Decision!.Stages.Select(s => $"{s.Number} {s.Kind} {string.Join(",", s.Cells)} n={s.TargetSamples} dropped {string.Join(",", s.Dropped.Select(d => d.CellId + ":" + d.Reason))}")));
        Assert.Equal(25, recommendation.BatchSize);
        Assert.Equal(25, recommendation.BatchSize);
        // Savings come from the confirmation's fresh paired samples, not from the stage figures the cell was picked on.
        var confirmation = target.Decision!.Confirmation!;
        Assert.Equal("t0-m1024-b25", confirmation.Challenger);
        Assert.Equal(Math.Round(-confirmation.Cost!.Estimate * 100, 4), recommendation.Savings.CostPercent);
        Assert.True(recommendation.Savings.CostPercent > 5);
        var saved = target.Baseline!.Cost.TotalUsd * (decimal)-confirmation.Cost.Estimate;
        Assert.Equal(Math.Round(saved * 5_000_000m, 4), recommendation.Savings.UsdPerMonth);
        Assert.Equal(5_000_000, target.MonthlyInvocations);
        Assert.Contains("cost", recommendation.Reason, StringComparison.Ordinal);
        Assert.Contains("beyond the 3% margin", recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_Scenario_ReportsEveryCellWithStatisticsAndCostSplit()
    {
        var report = ReportScenario.Report();

        var target = report.Targets[0];
        Assert.Equal(["t0-baseline", "t0-m256-b25", "t0-m1024-b25", "t0-m1769-b25"], target.Cells.Select(c => c.CellId));
        Assert.True(target.Baseline!.IsBaseline);
        Assert.Equal(3008, target.Baseline.MemoryMb);
        var cell = target.Cells.Single(c => c.CellId == "t0-m1024-b25");
        var measured = target.Decision!.Stages.Where(s => s.Cells.Contains("t0-m1024-b25")).Sum(s => s.Kind == StageKind.Confirmation ? s.TargetSamples : 0)
            + target.Decision.Stages.Where(s => s.Kind != StageKind.Confirmation && s.Cells.Contains("t0-m1024-b25")).Max(s => s.TargetSamples);
        Assert.Equal(measured, cell.Statistics.Count);
        // 3 warm-up cold starts (concurrency 3) among all of the cell's invocations; none of them in the warm figures.
        Assert.Equal(3, cell.Statistics.ColdStarts);
        Assert.Equal(3.0 / (measured + 3), cell.Statistics.ColdStartShare, 12);
        Assert.Equal(3, cell.ColdStart!.Count);
        Assert.Equal(180.5, cell.ColdStart.MeanInitMs);
        Assert.Equal(0.01, cell.Cost.ColdStartShare);
        Assert.True(cell.Cost.ColdExtraUsd > 0);
        Assert.Equal(Math.Round(cell.Cost.WarmUsd!.Value + (cell.Cost.ColdExtraUsd!.Value * 0.01m), 10), Math.Round(cell.Cost.TotalUsd, 10));
        Assert.Equal(0.000000625m, cell.Cost.DynamoDbUsd);
        Assert.Equal(0.0000002m, cell.Cost.RequestsUsd);
        Assert.Equal(cell.Cost.ComputeUsd + cell.Cost.RequestsUsd + cell.Cost.DynamoDbUsd, cell.Cost.TotalUsd);
        Assert.NotNull(cell.Cost.PerThousandItemsUsd);
        Assert.Contains("t0-m1024-b25", target.ParetoFront);
    }

    [Fact]
    public void Analyze_CellWhoseEveryInvocationFailed_IsAFailedCellWithItsErrorType()
    {
        var report = ReportScenario.Report();

        var failed = Assert.Single(report.Targets[0].FailedCells);
        var planned = ReportScenario.Plan().Plan.Targets[0].Cells.Single(c => c.Id == "t0-m256-b25");
        // Dropped after the first pass (its measured samples all out of memory): a failing cell is not measured further.
        Assert.Equal(new FailedCell("t0-m256-b25", 256, 25, planned.Parallelism, failed.Env, SamplingPolicy.DefaultFirstPass, SamplingPolicy.DefaultFirstPass, "Runtime.OutOfMemory", "Runtime exited with error: signal: killed"), failed);
        Assert.Contains(report.Targets[0].Decision!.Stages[1].Dropped, d => d.CellId == "t0-m256-b25" && d.Reason.Contains("no successful invocation", StringComparison.Ordinal));
        Assert.Equal(planned.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal), failed.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal("25", failed.Env["TUNER_DDB_BATCH_SIZE"]);
        Assert.False(report.Targets[0].Cells.Single(c => c.CellId == "t0-m256-b25").MeetsConstraints);
    }

    [Fact]
    public void Analyze_CellWithoutSamples_IsNeitherMeasuredNorFailed()
    {
        var report = ReportScenario.Report(skipCell: "t0-m1769-b25");

        // A cell never sampled (dropped before it ran, or its samples lost) is neither measured nor failed.
        Assert.DoesNotContain(report.Targets[0].FailedCells, f => f.CellId == "t0-m1769-b25");
        Assert.DoesNotContain(report.Targets[0].Cells, c => c.CellId == "t0-m1769-b25");
    }

    [Fact]
    public void Analyze_SamplesOfUnknownCellsAndUnlimitedRuns_BecomeWarnings()
    {
        var unlimited = TestData.Sample("t0-m1024-b25", 99, 100, limitsEnforced: false);
        var stray = TestData.Sample("t9-m128", 0, 10);

        var report = ReportScenario.Report(extra: [unlimited, stray]);

        Assert.False(report.Run.LimitsEnforced);
        Assert.Contains("1 samples of cell 't9-m128', which is not in the plan, were ignored", report.Warnings);
        Assert.Contains(report.Warnings, w => w.StartsWith("some invocations ran without Lambda-like CPU/memory limits", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_Scenario_ComputesTheRunsOwnCost()
    {
        var (request, plan) = ReportScenario.Plan();
        var report = ReportScenario.Report();

        var cost = report.TuningCost;
        var (samples, _) = ReportScenario.Staged(request, plan);
        var writes = samples.Count(s => s.ConsumedWriteUnits is not null);
        Assert.Equal(samples.Count, cost.Invocations);
        Assert.Equal(plan.Estimate.TotalUsd, cost.EstimatedUpperBoundUsd);
        Assert.Equal(plan.Estimate.StateTransitions, cost.StateTransitions);
        Assert.Equal(Math.Round(samples.Count * 0.0000002m, 8, MidpointRounding.AwayFromZero), cost.LambdaRequestsUsd);
        Assert.Equal(Math.Round(writes * 0.000000625m, 8, MidpointRounding.AwayFromZero), cost.DynamoDbUsd);
        Assert.Equal(Math.Round(plan.Estimate.StateTransitions * 0.000025m, 8), cost.StepFunctionsUsd);
        Assert.True(cost.MeasuredUsd < cost.EstimatedUpperBoundUsd);
        Assert.Equal(CanonicalJson.Serialize(request), CanonicalJson.Serialize(report.Request));
    }

    [Fact]
    public void Analyze_Scenario_FillsMetadataAndPricingButLeavesAlertsForTheReportsEngine()
    {
        var report = ReportScenario.Report();

        Assert.Equal(TuningReport.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal("run-0001", report.Run.RunId);
        Assert.Equal(RunMode.Local, report.Run.Mode);
        Assert.Equal(PricingCatalog.Default.Get("us-east-1", "arm64"), Assert.Single(report.Pricing));
        Assert.Empty(report.Alerts);
        Assert.Null(report.Trend);
    }

    [Fact]
    public void Analyze_SamplesInAnyOrder_GiveTheSameReport()
    {
        var (request, plan) = ReportScenario.Plan();
        var (samples, history) = ReportScenario.Staged(request, plan);
        var shuffled = samples.OrderBy(_ => Guid.NewGuid()).ToList();
        var run = new RunMetadata("r", request.Job, ReportScenario.Started, ReportScenario.Started, RunMode.Aws, true, "us-east-1");
        var stages = new Dictionary<int, IReadOnlyList<Core.Decisions.StageRecord>> { [0] = history };

        var ordered = TuningAnalyzer.Analyze(request, plan, samples, PricingCatalog.Default, run, stages: stages);
        var random = TuningAnalyzer.Analyze(request, plan, shuffled, PricingCatalog.Default, run, stages: stages);

        Assert.Equal(CanonicalJson.Serialize(ordered), CanonicalJson.Serialize(random));
    }
}
