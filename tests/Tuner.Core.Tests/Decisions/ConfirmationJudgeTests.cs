using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Decisions;

public sealed class ConfirmationJudgeTests
{
    private const int Stage = 4;

    [Fact]
    public void Judge_CurrentBeyondTheMarginOfTheBestButNotOfTheChallenger_SwitchesToTheChallengerWithinTheBestsMargin()
    {
        // Cost: the rival (512 MB) is 4.5% cheaper than the current 1,769 MB, the challenger (1,024 MB) 2.5% cheaper — within
        // the 3% margin of both — and faster than the rival. Pairwise against the current configuration the challenger
        // is no switch, but the current configuration is not in the best cell's tie band, and the challenger is.
        var (goals, cells) = Setup("cost", 1769, [512, 1024]);
        var baseline = Measure(cells["t0-baseline"], 545.5);
        var rival = Measure(cells["t0-m512"], 1800);
        var challenger = Measure(cells["t0-m1024"], 918.8);

        var verdict = ConfirmationJudge.Judge(goals, [challenger, rival], baseline, s => s == Stage, 0.975, 0);

        Assert.Equal("t0-m1024", verdict.Chosen?.Arm.Cell.Id);
        Assert.Equal(ConfirmationRoute.WithinMarginOfBetter, verdict.Route);
        Assert.Equal("t0-m512", verdict.Via?.Arm.Cell.Id);
        Assert.False(verdict.Arms[0].Beats(goals.PrimaryMargin, 0));
    }

    [Fact]
    public void Judge_RivalAsFastAndCheaper_IsPreferredToTheChallenger()
    {
        // Speed: 1,024 MB and 512 MB take the same 500 ms, both beat the current 800 ms; the tie goes to the cheaper rival.
        var (goals, cells) = Setup("speed", 1769, [512, 1024]);
        var baseline = Measure(cells["t0-baseline"], 800);
        var rival = Measure(cells["t0-m512"], 500);
        var challenger = Measure(cells["t0-m1024"], 500);

        var verdict = ConfirmationJudge.Judge(goals, [challenger, rival], baseline, s => s == Stage, 0.975, 0);

        Assert.Equal("t0-m512", verdict.Chosen?.Arm.Cell.Id);
        Assert.Equal(ConfirmationRoute.Better, verdict.Route);
        Assert.True(ConfirmationJudge.Prefers(goals, rival, challenger, s => s == Stage, 0.975));
        Assert.False(ConfirmationJudge.Prefers(goals, challenger, rival, s => s == Stage, 0.975));
    }

    [Fact]
    public void Judge_TwoArmsBothBetter_DecidesTheirTieOnEverySampleNotTheConfirmationAlone()
    {
        // Cost, current 3,008 MB: both arms are far cheaper. In the confirmation alone 1,024 MB (935 ms) costs 3.9% more
        // than 512 MB (1,800 ms), beyond the 3% margin; the 60 earlier samples of each put it 1.1% above. On every sample
        // the two are tied, and the tie goes to the faster 1,024 MB.
        var (goals, cells) = Setup("cost", 3008, [512, 1024]);
        var baseline = Measure(cells["t0-baseline"], 545.5);
        var rival = Measure(cells["t0-m512"], 1800);
        var challenger = Measure(cells["t0-m1024"], 935);
        Earlier(rival, 1800);
        Earlier(challenger, 910);
        Func<int, bool> confirmation = s => s == Stage;

        var verdict = ConfirmationJudge.Judge(goals, [challenger, rival], baseline, confirmation, 0.975, 0);

        Assert.True(ConfirmationJudge.Prefers(goals, rival, challenger, confirmation, 0.975, tieOnEstimate: true));
        Assert.False(ConfirmationJudge.PrefersOnEverySample(goals, rival, challenger, 0.975));
        Assert.Equal("t0-m1024", verdict.Chosen?.Arm.Cell.Id);
        Assert.Equal(ConfirmationRoute.Better, verdict.Route);
    }

    [Fact]
    public void Judge_NothingBetter_ChoosesNothingAndSaysWhetherMoreSamplesCouldShowIt()
    {
        // Speed: every cell takes 500 ms, and both arms cost more than the current 512 MB.
        var (goals, cells) = Setup("speed", 512, [1024, 1769]);
        var baseline = Measure(cells["t0-baseline"], 500);
        var rival = Measure(cells["t0-m1769"], 500);
        var challenger = Measure(cells["t0-m1024"], 500);

        var verdict = ConfirmationJudge.Judge(goals, [challenger, rival], baseline, s => s == Stage, 0.975, 0);

        Assert.Null(verdict.Chosen);
        Assert.Equal(ConfirmationRoute.None, verdict.Route);
        Assert.False(verdict.CanStillSwitch);
    }

    private static (Goals Goals, Dictionary<string, CellObservations> Cells) Setup(string strategy, int currentMemoryMb, int[] memory)
    {
        var json = """{"job":"j","targets":[{"function":"f","memoryMb":[MEMORY],"invocations":30,"concurrency":2}],"objective":{"strategy":"STRATEGY"}}"""
            .Replace("MEMORY", string.Join(",", memory), StringComparison.Ordinal)
            .Replace("STRATEGY", strategy, StringComparison.Ordinal);
        var request = TuningRequestReader.Read(json).Request!;
        var plan = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: currentMemoryMb)], PricingCatalog.Default, "us-east-1").Plan!;
        var prices = PricingCatalog.Default.Get("us-east-1", plan.Targets[0].Architecture);
        var cells = plan.Targets[0].Cells.ToDictionary(c => c.Id, c => new CellObservations(c, CellPrices.For(c.MemoryMb, prices)), StringComparer.Ordinal);
        return (new Goals(request.Objective, 0), cells);
    }

    /// <summary>60 samples of an earlier narrowing stage (2) at <paramref name="ms"/> ± 0.2%.</summary>
    private static void Earlier(CellObservations cell, double ms)
    {
        var random = new Random(cell.Cell.MemoryMb + 1);
        for (var i = 1; i <= 60; i++)
        {
            cell.Add(DecisionScenario.Warm(cell.Cell.Id, 1000 + i, ms * (0.998 + (0.004 * random.NextDouble())), 2, i, cell.Cell.MemoryMb));
        }
    }

    /// <summary>30 confirmation rounds at <paramref name="ms"/> ± 0.2%.</summary>
    private static CellObservations Measure(CellObservations cell, double ms)
    {
        var random = new Random(cell.Cell.MemoryMb);
        for (var round = 1; round <= 30; round++)
        {
            cell.Add(DecisionScenario.Warm(cell.Cell.Id, round, ms * (0.998 + (0.004 * random.NextDouble())), Stage, round, cell.Cell.MemoryMb));
        }

        return cell;
    }
}
