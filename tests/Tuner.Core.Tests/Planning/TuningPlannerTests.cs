using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Planning;

public sealed class TuningPlannerTests
{
    private const string MatrixRequest = """
        {"job":"j","targets":[{"function":"orders-ingest","memoryMb":[256,1024],
          "dynamoDbBatch":{"batchSize":[10,25],"parallelism":[1,4]},"env":{"MODE":["a","b"]},"invocations":20,"concurrency":4}]}
        """;

    private static readonly Dictionary<string, string> CurrentEnv = new()
    {
        ["TUNER_TABLE_NAME"] = "events",
        ["TUNER_DDB_BATCH_SIZE"] = "5",
        ["SECRET_NAME"] = "s",
    };

    [Fact]
    public void Plan_Matrix_ExpandsEveryCombinationPlusTheBaselineFirst()
    {
        var plan = PlanOf(MatrixRequest);

        var cells = plan.Targets[0].Cells;
        Assert.Equal(1 + (2 * 2 * 2 * 2), cells.Count);
        Assert.True(cells[0].IsBaseline);
        Assert.Single(cells, c => c.IsBaseline);
        Assert.Equal(cells.Count, cells.Select(c => c.Id).Distinct().Count());
        Assert.All(cells, c => Assert.Equal(20, c.Invocations));
        Assert.All(cells, c => Assert.Equal(4, c.Concurrency));
    }

    [Fact]
    public void Plan_CellIds_AreDerivedFromTheContentAndStable()
    {
        var first = PlanOf(MatrixRequest).Targets[0].Cells.Select(c => c.Id).ToList();
        var second = PlanOf(MatrixRequest).Targets[0].Cells.Select(c => c.Id).ToList();

        Assert.Equal(first, second);
        Assert.Equal("t0-baseline", first[0]);
        var modeA = CellIds.EnvHash(new Dictionary<string, string> { ["MODE"] = "a" });
        Assert.Equal($"t0-m256-b10-p1-e{modeA}", first[1]);
        Assert.Matches("^[0-9a-f]{8}$", modeA);
        Assert.Contains($"t0-m1024-b25-p4-e{CellIds.EnvHash(new Dictionary<string, string> { ["MODE"] = "b" })}", first);
    }

    [Fact]
    public void Plan_CellWithoutKnobs_HasAShortId()
    {
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[512]}]}""");

        Assert.Equal(["t0-baseline", "t0-m512"], plan.Targets[0].Cells.Select(c => c.Id));
    }

    [Fact]
    public void Plan_Baseline_IsTheCurrentConfigurationIncludingItsTunerVariables()
    {
        var plan = PlanOf(MatrixRequest);

        var target = plan.Targets[0];
        var baseline = target.Cells[0];
        Assert.Equal(768, baseline.MemoryMb);
        Assert.Equal(5, baseline.BatchSize);
        Assert.Null(baseline.Parallelism);
        Assert.Equal(new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = "5" }, baseline.Env);
        Assert.Equal(CurrentEnv.OrderBy(kv => kv.Key), target.Baseline.Environment.OrderBy(kv => kv.Key));
        var baselineVersion = target.Versions.Single(v => v.IsBaseline);
        Assert.Equal(768, baselineVersion.MemoryMb);
        Assert.Equal(CurrentEnv.OrderBy(kv => kv.Key), baselineVersion.Environment.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Plan_Versions_OverlayKnobsOnTheCurrentEnvironment()
    {
        var plan = PlanOf(MatrixRequest);

        var target = plan.Targets[0];
        var cell = target.Cells.Single(c => c.MemoryMb == 1024 && c.BatchSize == 25 && c.Parallelism == 4 && c.Env["MODE"] == "b");
        var version = target.Versions.Single(v => v.Key == cell.VersionKey);
        Assert.Equal(1024, version.MemoryMb);
        Assert.Equal([cell.Id], version.CellIds);
        Assert.Equal("events", version.Environment["TUNER_TABLE_NAME"]);
        Assert.Equal("s", version.Environment["SECRET_NAME"]);
        Assert.Equal("25", version.Environment["TUNER_DDB_BATCH_SIZE"]);
        Assert.Equal("4", version.Environment["TUNER_DDB_PARALLELISM"]);
        Assert.Equal("b", version.Environment["MODE"]);
        Assert.Equal(target.Cells.Count, target.Versions.Count);
        Assert.All(target.Cells, c => Assert.Single(target.Versions, v => v.Key == c.VersionKey));
    }

    [Fact]
    public void Plan_OnlyBatchSize_KeepsTheCurrentParallelismInTheVersion()
    {
        var env = new Dictionary<string, string> { ["TUNER_DDB_PARALLELISM"] = "3" };
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[512],"dynamoDbBatch":{"batchSize":[25]}}]}""", env);

        var cell = plan.Targets[0].Cells[1];
        Assert.Equal("t0-m512-b25", cell.Id);
        Assert.Equal(3, cell.Parallelism);
        Assert.Equal("3", plan.Targets[0].Versions[1].Environment["TUNER_DDB_PARALLELISM"]);
    }

    [Fact]
    public void Plan_Estimate_IsTheStatedUpperBound()
    {
        // One target, arm64, timeout 30 s: baseline (768 MB) + one 1024 MB cell, ceiling 10, concurrency 2. The staged
        // budget is the first pass (2 × 5) plus two looks of the confirmation (2 × 2 × 20) = 90 measured invocations, each bounded at the
        // grid's largest memory (1024 MB) for the full timeout; one warm-up wave (2) per cell with a maximal INIT (10 s).
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":10,"concurrency":2}]}""");

        var price = 0.0000133334m;
        var lambda = (90 * 30 * 1m * price) + (2 * (30 + 10) * 0.75m * price) + (2 * (30 + 10) * 1m * price);
        var executor = (((90 + 4) / 2) + 2) * (30 + 10) * 1m * price;
        var requests = (90 + 4 + 2) * 0.0000002m;
        var transitions = (2 * PlanOptions.DefaultTransitionsPerCell) + PlanOptions.DefaultFixedTransitions;
        var stepFunctions = transitions * 0.000025m;
        var estimate = plan.Estimate;
        Assert.Equal(94, estimate.Invocations);
        Assert.Equal(transitions, estimate.StateTransitions);
        Assert.Equal(4, estimate.TransitionsPerCell);
        Assert.Equal(Math.Round(lambda + executor, 6), estimate.LambdaComputeUsd);
        Assert.Equal(Math.Round(requests, 6), estimate.LambdaRequestsUsd);
        Assert.Equal(Math.Round(stepFunctions, 6), estimate.StepFunctionsUsd);
        Assert.Equal(Math.Round(lambda + executor + requests + stepFunctions, 6), estimate.TotalUsd);
        Assert.Contains(estimate.Assumptions, a => a.Contains("DynamoDB", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_OverBudget_IsRefusedWithThePath()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","invocations":1000,"concurrency":10}],"budget":{"maxUsd":0.01}}""").Request!;

        var result = TuningPlanner.Plan(request, [TestData.Configuration(timeoutSeconds: 900)], PricingCatalog.Default, "us-east-1");

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("budget.maxUsd", problem.Path);
        Assert.StartsWith("the plan costs up to $", problem.Message, StringComparison.Ordinal);
        // 6 cells (the default tiers; the current 512 MB is the baseline, not measured twice): a budget of 40% of
        // 6 × 1000 = 2400 measured invocations (above the first pass, 6 × 5, and two looks of the confirmation, whose
        // default of 50 per side does not grow with the ceiling: 2 × 2 × 50), plus 6 warm-up waves of 10.
        Assert.EndsWith("above 0.01 (2460 invocations in 6 cells)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithinBudget_IsAccepted()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[512],"invocations":5,"concurrency":1}],"budget":{"maxUsd":1}}""").Request!;

        var result = TuningPlanner.Plan(request, [TestData.Configuration(timeoutSeconds: 3)], PricingCatalog.Default, "us-east-1");

        Assert.True(result.IsValid);
        Assert.True(result.Plan!.Estimate.TotalUsd < 1m);
    }

    [Fact]
    public void Plan_RegionWithoutPrices_IsAProblemAtRegion()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f"}],"region":"xx-nowhere-1"}""").Request!;

        var result = TuningPlanner.Plan(request, [TestData.Configuration()], PricingCatalog.Default, "us-east-1");

        Assert.Null(result.Plan);
        Assert.Equal("region", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Plan_ArchitectureOverride_SelectsThosePrices()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","architecture":"x86_64"}]}""").Request!;

        var plan = TuningPlanner.Plan(request, [TestData.Configuration(architecture: "arm64")], PricingCatalog.Default, "us-east-1").Plan!;

        Assert.Equal("x86_64", plan.Targets[0].Architecture);
        Assert.Equal("arm64", plan.Targets[0].Baseline.Architecture);
    }

    [Fact]
    [Trait("Category", "Security")]
    public void Plan_RequestArchitectureCheaperThanTheFunctions_EstimateStaysAtTheFunctionsPrices()
    {
        // An x86_64 function, a request saying arm64 (20% cheaper): the estimate, which the budget and the ceilings are
        // checked against, used to drop by a fifth; it must bound what the run really costs.
        var real = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[512,1024]}]}""").Request!;
        var claimed = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[512,1024],"architecture":"arm64"}]}""").Request!;
        var x86 = TestData.Configuration(architecture: "x86_64");

        var actual = TuningPlanner.Plan(real, [x86], PricingCatalog.Default, "us-east-1").Plan!.Estimate.TotalUsd;
        var lowered = TuningPlanner.Plan(claimed, [x86], PricingCatalog.Default, "us-east-1").Plan!.Estimate.TotalUsd;
        var raised = TuningPlanner.Plan(
            TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[512,1024],"architecture":"x86_64"}]}""").Request!,
            [TestData.Configuration(architecture: "arm64")], PricingCatalog.Default, "us-east-1").Plan!.Estimate.TotalUsd;
        var arm = TuningPlanner.Plan(real, [TestData.Configuration(architecture: "arm64")], PricingCatalog.Default, "us-east-1").Plan!.Estimate.TotalUsd;

        Assert.Equal(actual, lowered);
        Assert.True(raised > arm, $"a request may raise the estimate: {raised} against {arm}");
    }

    [Fact]
    public void Plan_GridContainingTheCurrentConfiguration_MeasuresItOnceAsTheBaseline()
    {
        // The current configuration is 768 MB with TUNER_DDB_BATCH_SIZE 5 (CurrentEnv): the grid's 768 MB × 5 is that cell.
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[512,768],"dynamoDbBatch":{"batchSize":[5,25]}}]}""");

        var ids = plan.Targets[0].Cells.Select(c => c.Id).ToList();
        Assert.Equal(["t0-baseline", "t0-m512-b5", "t0-m512-b25", "t0-m768-b25"], ids);
        Assert.Equal(4, plan.Targets[0].Versions.Count);
    }

    [Fact]
    public void Plan_ColdMode_PublishesOneVersionPerColdSampleOfEachCell()
    {
        // Baseline (768 MB) + 1024 MB; each cell gets invocations (3) + confirmInvocations (3) = 6 versions.
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":3,"confirmInvocations":3,"concurrency":1,"measure":"cold"}]}""");

        var target = plan.Targets[0];
        Assert.Equal(["t0-baseline", "t0-m1024"], target.Cells.Select(c => c.Id));
        Assert.Equal(12, target.Versions.Count);
        foreach (var cell in target.Cells)
        {
            var versions = target.Versions.Where(v => v.CellIds.SequenceEqual([cell.Id])).ToList();
            Assert.Equal(Enumerable.Range(1, 6).Select(k => $"{cell.Id}.cold{k}"), versions.Select(v => v.Key));
            Assert.Equal(Enumerable.Range(1, 6).Select(k => (int?)k), versions.Select(v => v.ColdSample));
            Assert.All(versions, v => Assert.Equal(cell.MemoryMb, v.MemoryMb));
            Assert.All(versions, v => Assert.Equal(cell.IsBaseline, v.IsBaseline));
            Assert.Equal($"{cell.Id}.cold1", cell.VersionKey);
        }

        // The variable is added when publishing (it carries the run id), not in the plan.
        Assert.All(target.Versions, v => Assert.DoesNotContain(ColdStartVersions.Variable, v.Environment.Keys));
        Assert.Equal(12, plan.Estimate.Versions);
        Assert.Equal(12 * ColdStartVersions.PublishSecondsPerVersion, plan.Estimate.PublishSeconds);
    }

    [Fact]
    public void Plan_ColdMode_EstimateBillsAMaximalInitPerColdInvocationAndNoWarmUp()
    {
        // arm64, timeout 30 s, INIT billed: at most 12 measured invocations (the versions; the budget is 18), each a cold
        // start billed for the full timeout plus a 10 s INIT at the largest memory (1024 MB); no warm-up wave.
        var plan = PlanOf("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":3,"confirmInvocations":3,"concurrency":1,"measure":"cold"}]}""");

        var price = 0.0000133334m;
        var lambda = 12 * (30 + 10) * 1m * price;
        var executor = (12 + 2) * (30 + 10) * 1m * price;
        var requests = (12 + 2) * 0.0000002m;
        Assert.Equal(12, plan.Estimate.Invocations);
        Assert.Equal(Math.Round(lambda + executor, 6), plan.Estimate.LambdaComputeUsd);
        Assert.Equal(Math.Round(requests, 6), plan.Estimate.LambdaRequestsUsd);
        Assert.Equal(14 * 40d, plan.Estimate.MeasureSecondsMax);
        Assert.Contains(plan.Estimate.Assumptions, a => a.StartsWith("cold mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_ColdModeAboveTheVersionsPerCell_IsRefusedAtInvocations()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":60,"confirmInvocations":60,"measure":"cold"}]}""").Request!;

        var result = TuningPlanner.Plan(request, [TestData.Configuration()], PricingCatalog.Default, "us-east-1");

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("targets[0].invocations", problem.Path);
        Assert.Equal(
            $"cold mode publishes one version per cold sample: each cell would need 120 (invocations 60 + confirmInvocations 60), above {ColdStartVersions.MaxPerCell}; lower invocations or confirmInvocations",
            problem.Message);
    }

    [Fact]
    public void Plan_ColdModeAboveTheVersionsPerRun_IsRefusedAtTargets()
    {
        // Two targets of 6 default tiers + baseline... each 7 cells × (20 + 10) = 210 versions: 420 in the run.
        var request = TuningRequestReader.Read("""
            {"job":"j","targets":[{"function":"f","invocations":20,"measure":"cold"},{"function":"g","invocations":20,"measure":"cold"}]}
            """).Request!;

        var result = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: 768), TestData.Configuration(name: "g", memoryMb: 768)], PricingCatalog.Default, "us-east-1");

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("targets", problem.Path);
        Assert.StartsWith($"cold mode would publish 420 versions (targets[0]: 7 cells × 30, targets[1]: 7 cells × 30), above {ColdStartVersions.MaxPerRun} per run", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ColdMode_CountsTheColdStartVariableInTheEnvironmentLimit()
    {
        // 4,000 bytes of environment: a warm plan fits Lambda's 4 KB, the cold one's variable (up to ~120 bytes) does not.
        var env = new Dictionary<string, string> { ["BIG"] = new string('x', 4000 - 3) };
        var warm = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":2}]}""").Request!;
        var cold = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":2,"measure":"cold"}]}""").Request!;

        Assert.True(TuningPlanner.Plan(warm, [TestData.Configuration(environment: env)], PricingCatalog.Default, "us-east-1").IsValid);
        var result = TuningPlanner.Plan(cold, [TestData.Configuration(environment: env)], PricingCatalog.Default, "us-east-1");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("targets[0].env", problem.Path);
        Assert.Contains("above Lambda's 4096", problem.Message, StringComparison.Ordinal);
    }

    private static TuningPlan PlanOf(string json, Dictionary<string, string>? env = null)
    {
        var read = TuningRequestReader.Read(json);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var result = TuningPlanner.Plan(read.Request!, [TestData.Configuration(memoryMb: 768, environment: env ?? CurrentEnv)], PricingCatalog.Default, "us-east-1");
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        return result.Plan!;
    }
}
