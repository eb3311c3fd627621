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
        Assert.Equal(RecommendationAction.Switch, recommendation.Action);
        Assert.Equal("t0-m1024-b25", recommendation.CellId);
        Assert.Equal(25, recommendation.BatchSize);
        var baselineCost = target.Baseline!.Cost.TotalUsd;
        Assert.Equal(Math.Round((double)((baselineCost - recommendation.ExpectedCostPerInvocationUsd) / baselineCost) * 100, 4), recommendation.Savings.CostPercent);
        Assert.True(recommendation.Savings.CostPercent > 5);
        Assert.Equal(Math.Round((target.Baseline!.Cost.TotalUsd - recommendation.ExpectedCostPerInvocationUsd) * 5_000_000m, 4), recommendation.Savings.UsdPerMonth);
        Assert.Equal(5_000_000, target.MonthlyInvocations);
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
        Assert.Equal(30, cell.Statistics.Count);
        Assert.Equal(0.1, cell.Statistics.ColdStartShare, 12);
        Assert.Equal(25 * 0.000000625m, cell.Cost.DynamoDbUsd);
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
        Assert.Equal(new FailedCell("t0-m256-b25", 256, 25, planned.Parallelism, failed.Env, 30, 30, "Runtime.OutOfMemory", "Runtime exited with error: signal: killed"), failed);
        Assert.Equal(planned.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal), failed.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal("25", failed.Env["TUNER_DDB_BATCH_SIZE"]);
        Assert.False(report.Targets[0].Cells.Single(c => c.CellId == "t0-m256-b25").MeetsConstraints);
    }

    [Fact]
    public void Analyze_CellWithoutSamples_IsFailedAsNoSamples()
    {
        var report = ReportScenario.Report(skipCell: "t0-m1769-b25");

        Assert.Contains(report.Targets[0].FailedCells, f => f is { CellId: "t0-m1769-b25", ErrorType: "NoSamples", Invocations: 0, MemoryMb: 1769, BatchSize: 25 });
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
        Assert.Equal(120, cost.Invocations);
        Assert.Equal(plan.Estimate.TotalUsd, cost.EstimatedUpperBoundUsd);
        Assert.Equal(plan.Estimate.StateTransitions, cost.StateTransitions);
        Assert.Equal(Math.Round(120 * 0.0000002m, 8), cost.LambdaRequestsUsd);
        Assert.Equal(Math.Round(120 * 25 * 0.000000625m, 8), cost.DynamoDbUsd);
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
        var samples = ReportScenario.Samples(plan);
        var shuffled = samples.OrderBy(_ => Guid.NewGuid()).ToList();
        var run = new RunMetadata("r", request.Job, ReportScenario.Started, ReportScenario.Started, RunMode.Aws, true, "us-east-1");

        var ordered = TuningAnalyzer.Analyze(request, plan, samples, PricingCatalog.Default, run);
        var random = TuningAnalyzer.Analyze(request, plan, shuffled, PricingCatalog.Default, run);

        Assert.Equal(CanonicalJson.Serialize(ordered), CanonicalJson.Serialize(random));
    }
}
