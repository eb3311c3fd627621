using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Decisions;

public sealed class DecisionEngineTests
{
    private const string CostRequest = """{"job":"j","targets":[{"function":"f","memoryMb":[256,512,1024,1769,3008],"invocations":20,"concurrency":2}],"objective":{"strategy":"cost"}}""";

    /// <summary>A cell's first confirmation invocation in these two-cell scenarios: after 2 warm-ups and the first pass.</summary>
    private const int ConfirmationStart = 2 + SamplingPolicy.DefaultFirstPass;

    [Fact]
    public void Decide_ClearlyCheaperTier_SwitchesWithConfirmedSavings()
    {
        // I/O-bound: 100 ms at every tier, so cost is proportional to memory; the current 3008 MB is ~10× dearer than 256 MB.
        var (decision, _, _, _) = DecisionScenario.Run(CostRequest.Replace("[256,", "[128,256,", StringComparison.Ordinal), 3008, _ => 100);

        Assert.Equal(RecommendationAction.Switch, decision.Action);
        Assert.Equal("t0-m128", decision.ChosenCellId);
        Assert.True(decision.Confirmation!.Cost!.High < -0.5, decision.Reason);
        Assert.True(decision.Confirmation.Cost.Paired);
        Assert.Contains("beyond the 3% margin", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CostTiedAcrossTiers_GoesToTheFastest()
    {
        // CPU-bound with no fixed part: cost is the same up to 1769 MB (the request charge aside) and 1769 MB is fastest.
        var (decision, _, _, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[512,1024,1769,3008],"invocations":20,"concurrency":2}],"objective":{"strategy":"cost","equivalence":{"cost":0.1}}}""",
            512,
            DecisionScenario.CpuBound(0, 400),
            noise: 0.05);

        Assert.Equal(RecommendationAction.Switch, decision.Action);
        Assert.Equal("t0-m1769", decision.ChosenCellId);
        Assert.StartsWith("t0-m1769: same cost as the current configuration within the 10% margin", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("duration", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SpeedTie_GoesToTheCheapest()
    {
        // I/O-bound: every tier equally fast, so speed is tied and the tie goes to the cheapest tier.
        var (decision, _, _, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[256,512,1024],"invocations":20,"concurrency":2}],"objective":{"strategy":"speed"}}""",
            1024,
            _ => 100,
            noise: 0.05);

        Assert.Equal(RecommendationAction.Switch, decision.Action);
        Assert.Equal("t0-m256", decision.ChosenCellId);
        Assert.Contains("same duration", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AllCellsEqual_KeepsTheCurrentConfigurationAndSaysWhy()
    {
        // One memory size, knobs with no effect: nothing is better, whatever looked best in the stages.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[512],"dynamoDbBatch":{"batchSize":[5,10,25],"parallelism":[1,2]},"invocations":20,"concurrency":2}]}""";
        var switches = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var (decision, _, _, _) = DecisionScenario.Run(request, 512, _ => 200, seed, noise: 0.2);
            if (decision.Action == RecommendationAction.Switch)
            {
                switches++;
            }
            else
            {
                Assert.Contains("is not better beyond the margin", decision.Reason, StringComparison.Ordinal);
            }
        }

        Assert.True(switches <= 2, $"{switches} of 40 runs switched between equal configurations");
    }

    [Fact]
    public void Decide_DifferenceWithinTheMargin_IsNotASwitch()
    {
        // 512 MB is 2% cheaper than the current 1024 MB... at half the memory and 1.96× the duration: within 3%.
        var (decision, _, _, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[512],"invocations":20,"concurrency":2}],"objective":{"strategy":"cost","equivalence":{"cost":0.03,"duration":0.05}}}""",
            1024,
            cell => cell.MemoryMb == 512 ? 196 : 100,
            noise: 0.02);

        Assert.Equal(RecommendationAction.KeepCurrent, decision.Action);
        Assert.Equal("t0-baseline", decision.ChosenCellId);
    }

    [Fact]
    public void Resolution_EstimateBeyondTheMarginIntervalReachingZero_SaysHowManySamplesWouldConfirmIt()
    {
        // Memory-floor's typical keep: 3.7% lower, interval −9.1% to +2.1% on 50 per arm, margin 3%.
        var text = DecisionEngine.Resolution(0.03, new RelativeDifference(-0.037, -0.091, 0.021, 0.975, true, 50, 50), null, 0.05, 50);

        Assert.Contains("50 samples per arm confirm only a difference beyond 5.6%", text, StringComparison.Ordinal);
        // 50 × (0.056 / 0.037)² = 114.5.
        Assert.EndsWith("confirming the estimated 3.7% would take about 115 samples per arm (the request's confirmInvocations)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolution_OtherGoalBetterButTheTieNotShown_SaysHowManySamplesWouldShowTheTie()
    {
        // The real cpu-single-speed keep: 1,769 MB against the current 3,008 MB, duration +2.1% (−5% to +9.6%), cost −38.2%.
        var text = DecisionEngine.Resolution(
            0.05, new RelativeDifference(0.021, -0.05, 0.096, 0.975, true, 40, 40), new RelativeDifference(-0.382, -0.422, -0.34, 0.975, true, 40, 40), 0.03, 40);

        // 40 × (0.073 / 0.029)² = 253.4.
        Assert.Equal("; the other goal is better, but a tie within the 5% margin needs the interval's upper end below +5%: at ±7.3% on 40 samples per arm, showing it would take about 254 samples per arm (the request's confirmInvocations)", text);
    }

    [Fact]
    public void Resolution_EstimateWithinTheMarginAndNothingElseDecides_IsATieAtThisResolution()
    {
        var text = DecisionEngine.Resolution(0.03, new RelativeDifference(-0.01, -0.02, 0.00, 0.975, true, 40, 40), new RelativeDifference(0.01, -0.02, 0.04, 0.975, true, 40, 40), 0.05, 40);

        Assert.Equal("; the estimate is within the 3% margin and the other goal does not decide: a tie at this resolution (±1% on 40 samples per arm)", text);
    }

    [Fact]
    public void Decide_BaselineFailingEveryInvocation_SwitchesToAWorkingTier()
    {
        var (decision, _, _, _) = DecisionScenario.Run(CostRequest, 128, cell => cell.MemoryMb < 512 ? null : 100);

        Assert.Equal(RecommendationAction.Switch, decision.Action);
        Assert.Equal("t0-m512", decision.ChosenCellId);
        Assert.Contains("the current configuration violates a constraint", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OneErrorInTheBaseline_IsNotAViolationOnItsInterval()
    {
        // 1 failure in ~20 has a Wilson interval reaching far below 5%: not a violation, so no switch without a test.
        var (decision, _, observations, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[1024],"invocations":20,"concurrency":2}],"objective":{"strategy":"cost","maxErrorRate":0.05}}""",
            512,
            _ => 100,
            perInvocation: (cell, index) => cell.IsBaseline && index == 5 ? double.NaN : 100);

        Assert.Equal(1, observations["t0-baseline"].Errors);
        Assert.Equal(RecommendationAction.KeepCurrent, decision.Action);
        Assert.DoesNotContain(decision.BaselineConstraints, r => r.Contains("is above", StringComparison.Ordinal));
    }

    [Fact]
    public void Decide_UnstableBaseline_KeepsCurrentWhenTheSavingIsSmallerThanTheInstability()
    {
        // The current configuration gets 25% slower from its confirmation on (after 2 warm-ups and the first pass's samples),
        // a noisy neighbour: the challenger's 20% lead over it in the confirmation is within that instability.
        var (decision, _, _, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[512],"env":{"MODE":["a"]},"invocations":20,"concurrency":2}],"objective":{"strategy":"speed"}}""",
            512,
            _ => 100,
            noise: 0.02,
            perInvocation: (cell, index) => cell.IsBaseline && index >= ConfirmationStart ? 125 : 100);

        Assert.True(decision.Stability!.Unstable, decision.Stability.Summary);
        Assert.Equal(RecommendationAction.KeepCurrent, decision.Action);
        Assert.Contains("measurements were unstable", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DriftBothCellsShared_IsFlaggedButDoesNotBlockAPairedSwitch()
    {
        // The host gets 15% slower from the confirmation on, for both cells alike: the A/A check flags the current
        // configuration's two slots, but the round-by-round comparison cancels a shared drift, so the 20% lead stands.
        var (decision, _, _, _) = DecisionScenario.Run(
            """{"job":"j","targets":[{"function":"f","memoryMb":[512],"env":{"MODE":["a"]},"invocations":20,"concurrency":2}],"objective":{"strategy":"speed"}}""",
            512,
            _ => 100,
            noise: 0.02,
            perInvocation: (cell, index) => (cell.IsBaseline ? 100 : 80) * (index >= ConfirmationStart ? 1.15 : 1));

        Assert.True(decision.Stability!.Unstable, decision.Stability.Summary);
        Assert.Contains("not a drift both shared", decision.Stability.Summary, StringComparison.Ordinal);
        Assert.True(decision.Stability.Discrepancy < 0.05, decision.Stability.Summary);
        Assert.Equal(RecommendationAction.Switch, decision.Action);
    }

    [Fact]
    public void Decide_StableBaseline_PassesTheAaCheck()
    {
        var (decision, _, _, _) = DecisionScenario.Run(CostRequest, 3008, _ => 100, noise: 0.05);

        Assert.False(decision.Stability!.Unstable);
        Assert.StartsWith("A/A check passed", decision.Stability.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoStageHistory_KeepsCurrentAndSaysNothingWasConfirmed()
    {
        var (_, context, observations, _) = DecisionScenario.Run(CostRequest, 3008, _ => 100);

        var decision = DecisionEngine.Decide(context, [], observations);

        Assert.Equal(RecommendationAction.KeepCurrent, decision.Action);
        Assert.Equal("no staged measurement was recorded, so no candidate was confirmed", decision.Reason);
    }

    [Fact]
    public void Decide_StagedRun_UsesFewerInvocationsThanTheExhaustiveGrid()
    {
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[256,512,1024,1769,3008],"env":{"MODE":["a","b","c"]},"invocations":40,"concurrency":2}]}""";
        var (decision, _, _, _) = DecisionScenario.Run(request, 3008, DecisionScenario.CpuBound(20, 300));

        Assert.True(decision.MeasuredInvocations <= 0.4 * decision.ExhaustiveInvocations, $"{decision.MeasuredInvocations} of {decision.ExhaustiveInvocations}");
        Assert.True(decision.TotalInvocations > decision.MeasuredInvocations);
    }
}
