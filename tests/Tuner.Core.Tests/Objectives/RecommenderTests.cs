using Tuner.Core.Objectives;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Statistics;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Objectives;

public sealed class RecommenderTests
{
    private static readonly PriceSheet Prices = PricingCatalog.Default.Get("us-east-1", "arm64");

    [Fact]
    public void Evaluate_CheapestNotSignificantlyBetter_KeepsTheCurrentConfiguration()
    {
        // 512 MB × ~100 ms vs 256 MB × ~198 ms: 1% cheaper on paper, with ±20% noise.
        var baseline = Evaluate("t0-baseline", 512, Noisy(100, 20, seed: 1), isBaseline: true);
        var candidate = Evaluate("t0-m256", 256, Noisy(198, 40, seed: 2));

        var outcome = Recommender.Evaluate(new Objective(), [baseline, candidate]);

        var recommendation = outcome.Recommendation!;
        Assert.True(candidate.Cost.TotalUsd < baseline.Cost.TotalUsd);
        Assert.Equal(RecommendationAction.KeepCurrent, recommendation.Action);
        Assert.Equal("t0-baseline", recommendation.CellId);
        Assert.Equal("t0-m256", recommendation.BestCandidateCellId);
        Assert.StartsWith("best candidate t0-m256 is not significantly better than the current configuration: cost ", recommendation.Reason, StringComparison.Ordinal);
        Assert.Equal(0, recommendation.Savings.CostPercent);
        Assert.Equal(baseline.Cost.TotalUsd, recommendation.ExpectedCostPerInvocationUsd);
    }

    [Fact]
    public void Evaluate_ClearlyCheaperCandidate_SwitchesWithSavings()
    {
        var baseline = Evaluate("t0-baseline", 1024, Noisy(100, 5, seed: 1), isBaseline: true);
        var candidate = Evaluate("t0-m512", 512, Noisy(110, 5, seed: 2));

        var outcome = Recommender.Evaluate(new Objective(), [baseline, candidate], monthlyInvocations: 10_000_000);

        var recommendation = outcome.Recommendation!;
        Assert.Equal(RecommendationAction.Switch, recommendation.Action);
        Assert.Equal("t0-m512", recommendation.CellId);
        Assert.Equal(512, recommendation.MemoryMb);
        var saved = baseline.Cost.TotalUsd - candidate.Cost.TotalUsd;
        Assert.Equal(Math.Round(saved * 1_000_000m, 6), recommendation.Savings.UsdPerMillionInvocations);
        Assert.Equal(Math.Round(saved * 10_000_000m, 4), recommendation.Savings.UsdPerMonth);
        // 45% of compute, less once the unchanged request charge is included.
        Assert.InRange(recommendation.Savings.CostPercent, 35, 45);
        Assert.True(recommendation.Savings.P95ChangePercent > 0);
        Assert.Equal(candidate.Cost.TotalUsd, recommendation.ExpectedCostPerInvocationUsd);
        Assert.Equal(candidate.Statistics.Duration!.P95, recommendation.ExpectedP95Ms);
    }

    [Fact]
    public void Evaluate_MaxP95Constraint_FiltersTheCheapButSlowCell()
    {
        var baseline = Evaluate("t0-baseline", 2048, Noisy(100, 2, seed: 1), isBaseline: true);
        var slow = Evaluate("t0-m128", 128, Noisy(400, 2, seed: 2));
        var medium = Evaluate("t0-m1024", 1024, Noisy(150, 2, seed: 3));

        var outcome = Recommender.Evaluate(new Objective(MaxP95Ms: 200), [baseline, slow, medium]);

        Assert.Equal("t0-m1024", outcome.Recommendation!.CellId);
        var slowReport = outcome.Cells.Single(c => c.CellId == "t0-m128");
        Assert.False(slowReport.MeetsConstraints);
        Assert.StartsWith("p95 ", Assert.Single(slowReport.ConstraintViolations), StringComparison.Ordinal);
        Assert.Null(slowReport.Score);
        Assert.DoesNotContain("t0-m128", outcome.ParetoFront);
    }

    [Fact]
    public void Evaluate_BaselineViolatesConstraint_SwitchesAndSaysWhy()
    {
        var baseline = Evaluate("t0-baseline", 128, Noisy(900, 5, seed: 1), isBaseline: true);
        var candidate = Evaluate("t0-m1024", 1024, Noisy(120, 5, seed: 2));

        var outcome = Recommender.Evaluate(new Objective(MaxP95Ms: 500), [baseline, candidate]);

        Assert.Equal(RecommendationAction.Switch, outcome.Recommendation!.Action);
        Assert.StartsWith("the current configuration violates: p95 ", outcome.Recommendation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingMeetsConstraints_KeepsCurrentWithReason()
    {
        var baseline = Evaluate("t0-baseline", 512, Noisy(900, 5, seed: 1), isBaseline: true);
        var candidate = Evaluate("t0-m1024", 1024, Noisy(800, 5, seed: 2));

        var outcome = Recommender.Evaluate(new Objective(MaxP95Ms: 100), [baseline, candidate]);

        Assert.Equal(RecommendationAction.KeepCurrent, outcome.Recommendation!.Action);
        Assert.Equal("no configuration meets the constraints", outcome.Recommendation.Reason);
        Assert.Empty(outcome.ParetoFront);
    }

    [Fact]
    public void Evaluate_EqualCost_TieGoesToTheSmallerMemory()
    {
        var baseline = Evaluate("t0-baseline", 3008, Constant(100), isBaseline: true);
        var big = Evaluate("t0-m1024", 1024, Constant(50));
        var small = Evaluate("t0-m512", 512, Constant(100));

        var outcome = Recommender.Evaluate(new Objective(), [baseline, big, small]);

        Assert.Equal(big.Cost.TotalUsd, small.Cost.TotalUsd);
        Assert.Equal("t0-m512", outcome.Recommendation!.CellId);
        Assert.Equal(RecommendationAction.Switch, outcome.Recommendation.Action);
    }

    [Fact]
    public void Evaluate_SpeedStrategy_PicksTheLowestP95()
    {
        var baseline = Evaluate("t0-baseline", 512, Noisy(200, 5, seed: 1), isBaseline: true);
        var fast = Evaluate("t0-m3008", 3008, Noisy(40, 2, seed: 2));
        var cheap = Evaluate("t0-m256", 256, Noisy(210, 5, seed: 3));

        var outcome = Recommender.Evaluate(new Objective(ObjectiveStrategy.Speed), [baseline, fast, cheap]);

        Assert.Equal("t0-m3008", outcome.Recommendation!.CellId);
        Assert.Equal(RecommendationAction.Switch, outcome.Recommendation.Action);
        Assert.True(outcome.Recommendation.Savings.CostPercent < 0);
    }

    [Fact]
    public void Evaluate_FasterButDearerChoice_ReasonSaysHigherNotNegativeLower()
    {
        var baseline = Evaluate("t0-baseline", 1024, Noisy(250, 3, seed: 1), isBaseline: true);
        var fast = Evaluate("t0-m3008", 3008, Noisy(150, 1, seed: 3));

        var outcome = Recommender.Evaluate(new Objective(ObjectiveStrategy.Balanced, Weight: 0.1), [baseline, fast]);

        Assert.Equal("t0-m3008", outcome.Recommendation!.CellId);
        Assert.True(outcome.Recommendation.Savings.CostPercent < 0);
        Assert.Matches(@"^cost \d+(\.\d+)?% higher \(95% interval", outcome.Recommendation.Reason);
        Assert.Matches(@", p95 \d+(\.\d+)?% lower \(95% interval", outcome.Recommendation.Reason);
        Assert.DoesNotContain("-", outcome.Recommendation.Reason.Split('(')[0]);
    }

    [Fact]
    public void Evaluate_BalancedWeights_MoveTheChoiceBetweenCheapAndFast()
    {
        // cost ratios to the cheapest ≈ 1 : 2.9 : 5.1, p95 ratios to the fastest ≈ 2 : 1.67 : 1.
        var baseline = Evaluate("t0-baseline", 1024, Noisy(250, 3, seed: 1), isBaseline: true);
        var cheap = Evaluate("t0-m256", 256, Noisy(300, 3, seed: 2));
        var fast = Evaluate("t0-m3008", 3008, Noisy(150, 1, seed: 3));

        var costLeaning = Recommender.Evaluate(new Objective(ObjectiveStrategy.Balanced, Weight: 0.9), [baseline, cheap, fast]);
        var speedLeaning = Recommender.Evaluate(new Objective(ObjectiveStrategy.Balanced, Weight: 0.1), [baseline, cheap, fast]);

        Assert.Equal("t0-m256", costLeaning.Recommendation!.CellId);
        Assert.Equal("t0-m3008", speedLeaning.Recommendation!.CellId);
    }

    [Fact]
    public void Evaluate_ParetoFront_KeepsOnlyNonDominatedCellsCheapestFirst()
    {
        var baseline = Evaluate("t0-baseline", 1024, Constant(100), isBaseline: true);
        var cheapSlow = Evaluate("t0-m128", 128, Constant(400));
        var dominated = Evaluate("t0-m2048", 2048, Constant(110));
        var fastest = Evaluate("t0-m3008", 3008, Constant(45));

        var outcome = Recommender.Evaluate(new Objective(), [baseline, cheapSlow, dominated, fastest]);

        Assert.Equal(["t0-m128", "t0-baseline", "t0-m3008"], outcome.ParetoFront);
        Assert.False(outcome.Cells.Single(c => c.CellId == "t0-m2048").OnParetoFront);
        Assert.True(outcome.Cells.Single(c => c.CellId == "t0-m3008").OnParetoFront);
    }

    [Fact]
    public void Evaluate_ErrorRateSignificantlyAboveBaseline_IsInfeasibleEvenWithoutConstraint()
    {
        var baseline = Evaluate("t0-baseline", 1024, Constant(100), isBaseline: true);
        var flaky = Evaluate("t0-m128", 128, Constant(100), errors: 15);

        var outcome = Recommender.Evaluate(new Objective(), [baseline, flaky]);

        Assert.Equal(RecommendationAction.KeepCurrent, outcome.Recommendation!.Action);
        Assert.Contains("significantly above the baseline's", Assert.Single(outcome.Cells.Single(c => c.CellId == "t0-m128").ConstraintViolations), StringComparison.Ordinal);
    }

    [Fact]
    public void ParetoFront_Compute_HandlesTies()
    {
        var front = ParetoFront.Compute([("a", 1m, 10), ("b", 1m, 12), ("c", 2m, 5), ("d", 3m, 5)]);

        Assert.Equal(["a", "c"], front);
    }

    private static double[] Noisy(double mean, double spread, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 40).Select(_ => mean + ((random.NextDouble() - 0.5) * 2 * spread))];
    }

    private static double[] Constant(double value) => [.. Enumerable.Repeat(value, 40)];

    private static CellEvaluation Evaluate(string id, int memoryMb, double[] durations, bool isBaseline = false, int errors = 0)
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        for (var i = 0; i < durations.Length; i++)
        {
            builder.Add(TestData.Sample(id, i, durations[i], billedMs: Math.Ceiling(durations[i]), memoryMb: memoryMb, errorType: i < errors ? "Runtime.OutOfMemory" : null));
        }

        var statistics = builder.Build();
        var cell = new PlanCell(id, 0, "f", memoryMb, null, null, new Dictionary<string, string>(), isBaseline, id, durations.Length, 1);
        return new CellEvaluation(cell, statistics, CostCalculator.PerInvocation(statistics, memoryMb, Prices));
    }
}
