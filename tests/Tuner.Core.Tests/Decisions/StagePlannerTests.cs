using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Decisions;

public sealed class StagePlannerTests
{
    private const string Request = """{"job":"j","targets":[{"function":"f","memoryMb":[128,256,512,1024,1769],"invocations":32,"concurrency":2}],"objective":{"strategy":"cost"}}""";

    [Fact]
    public void Next_NoHistory_SamplesEveryCellInAFirstPassWithWarmUps()
    {
        var (context, observations) = Setup(Request, 3008);

        var step = StagePlanner.Next(context, [], observations);

        Assert.Equal(1, step.Stage!.Number);
        Assert.Equal(StageKind.FirstPass, step.Stage.Kind);
        Assert.Equal(context.Cells.Select(c => c.Id), step.Stage.Cells);
        Assert.All(step.Quotas, q => Assert.True(q.WarmUp && q.Samples == SamplingPolicy.DefaultFirstPass));
    }

    [Fact]
    public void Next_CellsWorseBeyondTheMargin_AreDroppedWithAReasonAndTheBaselineStays()
    {
        // I/O-bound at 100 ms: cost ∝ memory, so after the first pass 1024/1769 MB are confidently far dearer than 128 MB.
        var (context, observations) = Setup(Request, 3008);
        var history = AfterFirstPass(context, observations, _ => 100);

        var second = StagePlanner.Next(context, history, observations);

        Assert.Equal(2, second.Stage!.Number);
        Assert.Contains(second.Stage.Dropped, d => d.CellId == "t0-m1769" && d.Reason.StartsWith("cost ", StringComparison.Ordinal) && d.Reason.Contains("beyond the 3% margin", StringComparison.Ordinal));
        Assert.Contains("t0-baseline", second.Stage.Cells);
        Assert.Contains("t0-m128", second.Stage.Cells);
        Assert.DoesNotContain(second.Stage.Cells, id => second.Stage.Dropped.Any(d => d.CellId == id));
    }

    [Fact]
    public void Next_OneCandidateLeftAndClearlyCheaper_ConfirmsItAgainstTheBaselineInAHalfLook()
    {
        // 128 MB at the same 100 ms as the current 3,008 MB is ~96% cheaper on every first-pass sample: the stages already
        // answer the confirmation's question, so its first look is half of confirmInvocations (at least 20).
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[128,1769],"invocations":32,"concurrency":2}]}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, _ => 100);

        var next = StagePlanner.Next(context, history, observations);

        Assert.Equal(StageKind.Confirmation, next.Stage!.Kind);
        Assert.Equal("t0-m128", next.Stage.Challenger);
        Assert.Equal("t0-baseline", next.Stage.Baseline);
        var half = Math.Max(SamplingPolicy.MinimumConfirm, (context.Policy.Confirm + 1) / 2);
        Assert.True(half < context.Policy.Confirm);
        Assert.Equal(half, next.Stage.TargetSamples);
        Assert.All(next.Quotas, q => Assert.Equal(half, q.Samples));
    }

    [Fact]
    public void Next_OneCandidateLeftWithinTheNoise_ConfirmsItInAWholeLook()
    {
        // 1,769 MB 3% cheaper than the current 3,008 MB, ±20% noise on 5 samples: the stages cannot tell whether it is
        // better beyond the 3% margin, so the confirmation takes all of confirmInvocations at once.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[1769],"invocations":32,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, c => c.MemoryMb == 1769 ? 0.97 * 100 * 3008 / 1769 : 100, jitter: 0.2);

        var next = StagePlanner.Next(context, history, observations);

        Assert.Equal(StageKind.Confirmation, next.Stage!.Kind);
        Assert.Equal("t0-m1769", next.Stage.Challenger);
        Assert.Equal(context.Policy.Confirm, next.Stage.TargetSamples);
        Assert.All(next.Quotas, q => Assert.Equal(context.Policy.Confirm, q.Samples));
    }

    [Fact]
    public void Next_ConfirmationTheStagesDoNotAnswer_TakesWhatTheBudgetLeaves()
    {
        // As above with a ceiling of 200: the default budget (the first pass and two looks of 50 per side, 210) leaves 196
        // invocations after the first pass and its warm-ups, so the one look takes 98 paired rounds, not 50.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[1769],"invocations":200,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, c => c.MemoryMb == 1769 ? 0.97 * 100 * 3008 / 1769 : 100, jitter: 0.2);
        var spent = observations.Values.Sum(o => o.Invocations);

        var next = StagePlanner.Next(context, history, observations);

        Assert.Equal(StageKind.Confirmation, next.Stage!.Kind);
        Assert.Equal(50, context.Policy.Confirm);
        Assert.Equal((context.Policy.Budget - spent) / 2, next.Stage.TargetSamples);
        Assert.True(next.Stage.TargetSamples > context.Policy.Confirm && next.Stage.TargetSamples <= context.Policy.Ceiling);
        Assert.All(next.Quotas, q => Assert.Equal(next.Stage.TargetSamples, q.Samples));
        Assert.True(spent + next.Quotas.Sum(q => q.Samples) <= context.Policy.Budget);
    }

    [Fact]
    public void Next_CellShortOfItsSamples_ResumesTheSameStage()
    {
        var (context, observations) = Setup(Request, 3008);
        var history = new List<StageRecord>();
        var first = StagePlanner.Next(context, history, observations);
        history.Add(first.Stage!);
        Fill(observations, first with { Quotas = first.Quotas.Skip(1).ToList() }, stage: 1, _ => 100);

        var resumed = StagePlanner.Next(context, history, observations);

        Assert.Equal(1, resumed.Stage!.Number);
        Assert.Equal(1, resumed.Stage.Continuations);
        var quota = Assert.Single(resumed.Quotas);
        Assert.Equal(first.Quotas[0].CellId, quota.CellId);
    }

    [Fact]
    public void Next_AllFailing_DropsTheFailingCells()
    {
        var (context, observations) = Setup(Request, 3008);
        var history = AfterFirstPass(context, observations, cell => cell.MemoryMb <= 256 ? null : 100);

        var next = StagePlanner.Next(context, history, observations);

        Assert.Contains(next.Stage!.Dropped, d => d.CellId == "t0-m128" && d.Reason.StartsWith("no successful invocation", StringComparison.Ordinal));
        Assert.Contains(next.Stage.Dropped, d => d.CellId == "t0-m256");
    }

    [Fact]
    public void Next_BudgetTooSmallForEveryone_KeepsTheBestRankedAndSaysWhy()
    {
        // 20 cells that are all equal: none can be dropped on its interval, so the budget decides who goes on.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[512],"env":{"K":["1","2","3","4","5","6","7","8","9","10"]},"dynamoDbBatch":{"batchSize":[10,25]},"invocations":32,"concurrency":1,"invocationBudget":200,"confirmInvocations":20}]}""";
        var (context, observations) = Setup(request, 512);
        var random = new Random(3);
        var history = AfterFirstPass(context, observations, _ => 100 + random.Next(10));

        var next = StagePlanner.Next(context, history, observations);

        Assert.Equal(StageKind.Narrowing, next.Stage!.Kind);
        Assert.Contains(next.Stage.Dropped, d => d.Reason.StartsWith("budget: ranked", StringComparison.Ordinal));
        var planned = next.Quotas.Sum(q => q.Samples);
        Assert.True(observations.Values.Sum(o => o.Measured) + planned + (2 * 20) <= 200, $"{planned} more samples planned");
    }

    [Fact]
    public void Next_TiesAreNotChained_TheBestCellsTieBandSurvives()
    {
        // Cost (GB-s + request charge): 1,024 MB is 2% dearer than 512 MB and faster, 1,769 MB 4.4% dearer than 512 MB and
        // 2.4% dearer than 1,024 MB and faster still. Pairwise drops would chain — 512 tied with and slower than 1,024,
        // 1,024 tied with and slower than 1,769, 1,769 beyond the margin of 512 — and leave no candidate; only cells in
        // the best cell's tie band may drop a tied one, so 1,024 MB survives.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[512,1024,1769],"invocations":32,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, cell => cell.MemoryMb switch { 512 => 1000, 1024 => 510, 1769 => 302.5, _ => 300 }, jitter: 0.0005, seed: 5);

        var next = StagePlanner.Next(context, history, observations);

        Assert.False(next.Done);
        Assert.Contains("t0-m1024", next.Stage!.Cells);
        Assert.Contains(next.Stage.Dropped, d => d.CellId == "t0-m512" && d.Reason.StartsWith("tied with t0-m1024", StringComparison.Ordinal));
        Assert.Contains(next.Stage.Dropped, d => d.CellId == "t0-m1769" && d.Reason.Contains("beyond the 3% margin", StringComparison.Ordinal));
    }

    [Fact]
    public void Next_LeaderWithinTheMarginOfATiedCellButNotOfTheCheapest_DoesNotDropIt()
    {
        // Cost: 512 MB is 1.5% dearer than 256 MB, 1,024 MB 1.3% dearer than 512 MB and 2.8% dearer than 256 MB — inside
        // the 3% band by its estimate, but not on a 99% interval (±0.5% jitter, 5 samples). 1,024 MB is shown within the
        // margin of 512 MB and faster, yet may be out of the band in truth: had it dropped 512 MB as "tied and slower",
        // the band would be left with 256 MB alone, twice as slow (decision simulation, cpu-single/cost). 512 MB stays.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[256,512,1024],"invocations":32,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, cell => cell.MemoryMb switch { 256 => 2000, 512 => 1015, 1024 => 512, _ => 300 }, jitter: 0.005);

        var next = StagePlanner.Next(context, history, observations);

        Assert.False(next.Done);
        Assert.Equal(StageKind.Narrowing, next.Stage!.Kind);
        Assert.Contains("t0-m512", next.Stage.Cells);
        Assert.Contains("t0-m1024", next.Stage.Cells);
        Assert.DoesNotContain(next.Stage.Dropped, d => d.CellId == "t0-m512");
    }

    [Fact]
    public void Next_CheapestCellFailsMoreThanTheBaseline_DropsNoCellOnCost()
    {
        // Cost: 512 MB fails 1 in 5 invocations (out of memory after 50 ms) — cheap because failures end early — and is
        // 12% cheaper than 1,024 MB when it succeeds; one failure in 5 is not yet shown to be more than the current
        // configuration's 0 in 5, so 512 MB stays, but it leads nothing: 1,024 MB, the cheapest reliable cell, is not dropped
        // against it (decision simulation, memory-floor-no-limit/cost: 1,024 MB, the optimum, dropped as "cost 16% higher
        // than t0-m640", a cell failing 20%, in 2 of 9 wrong runs).
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[512,1024],"invocations":32,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        var calls = 0;
        var history = AfterFirstPass(context, observations, cell => cell.MemoryMb switch { 512 => calls++ % 5 == 0 ? null : 1000, 1024 => 560, _ => 300 }, jitter: 0.005);

        var next = StagePlanner.Next(context, history, observations);

        Assert.False(next.Done);
        Assert.Contains("t0-m1024", next.Stage!.Cells);
        Assert.Contains("t0-m512", next.Stage.Cells);
        Assert.DoesNotContain(next.Stage.Dropped, d => d.CellId == "t0-m1024");
    }

    [Fact]
    public void Next_Confirmation_HasTheBestPrimaryCellAsItsRivalWhenTheChallengerWonATie()
    {
        // Speed: 1,024 and 2,048 MB are tied (100 vs 97 ms ± 3%, within the 5% margin), so the tie goes to the cheaper 1,024 MB
        // — the challenger; 2,048 MB, the fastest estimate, is the rival the confirmation measures beside it.
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[1024,2048],"invocations":32,"concurrency":2}],"objective":{"strategy":"speed"}}""";
        var (context, observations) = Setup(request, 3008);
        var history = AfterFirstPass(context, observations, cell => cell.MemoryMb switch { 1024 => 100, 2048 => 97, _ => 200 });
        var next = StagePlanner.Next(context, history, observations);
        while (next.Stage!.Kind != StageKind.Confirmation)
        {
            history.Add(next.Stage);
            Fill(observations, next, stage: next.Stage.Number, cell => cell.MemoryMb switch { 1024 => 100, 2048 => 97, _ => 200 });
            next = StagePlanner.Next(context, history, observations);
        }

        Assert.Equal("t0-m1024", next.Stage.Challenger);
        Assert.Equal("t0-m2048", next.Stage.Rival);
        Assert.Equal(["t0-m1024", "t0-m2048", "t0-baseline"], next.Stage.Cells);
        Assert.Equal(3, next.Quotas.Count);
    }

    [Fact]
    public void Next_ConfirmationChallengerNotShownInTheTieBand_HasTheNextCellOfTheBandAsItsRival()
    {
        // Cost (GB-s): 512 MB 1% and 1,024 MB 1.6% dearer than 256 MB, all in the 3% band by estimate, ±3% jitter on 8
        // samples: 1,024 MB, the fastest of the band, is the challenger but not shown within the margin of 256 MB (80%).
        // Were it out of the band in truth, the tie rule would go to 512 MB, not to the cheapest and twice as slow 256 MB:
        // 512 MB is the rival (256 MB before the change).
        const string request = """{"job":"j","targets":[{"function":"f","memoryMb":[256,512,1024],"invocations":8,"concurrency":2}],"objective":{"strategy":"cost"}}""";
        var (context, observations) = Setup(request, 3008);
        Func<PlanCell, double?> duration = cell => cell.MemoryMb switch { 256 => 2000, 512 => 1010, 1024 => 508, _ => 300 };
        var history = AfterFirstPass(context, observations, duration, jitter: 0.03, seed: 1);
        var next = StagePlanner.Next(context, history, observations);
        while (next.Stage!.Kind != StageKind.Confirmation)
        {
            history.Add(next.Stage);
            Fill(observations, next, stage: next.Stage.Number, duration, jitter: 0.03, seed: 101);
            next = StagePlanner.Next(context, history, observations);
        }

        Assert.Equal("t0-m1024", next.Stage.Challenger);
        Assert.Equal("t0-m512", next.Stage.Rival);
    }

    /// <summary>Plans the first pass and adds its samples (as <see cref="Fill"/>): the history holding it.</summary>
    private static List<StageRecord> AfterFirstPass(TargetContext context, Dictionary<string, CellObservations> observations, Func<PlanCell, double?> duration, double jitter = 0.03, int seed = 11)
    {
        var first = StagePlanner.Next(context, [], observations);
        Fill(observations, first, stage: 1, duration, jitter, seed);
        return [first.Stage!];
    }

    private static (TargetContext Context, Dictionary<string, CellObservations> Observations) Setup(string requestJson, int currentMemoryMb)
    {
        var request = TuningRequestReader.Read(requestJson).Request!;
        var plan = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: currentMemoryMb)], PricingCatalog.Default, "us-east-1").Plan!;
        var target = plan.Targets[0];
        var prices = PricingCatalog.Default.Get("us-east-1", target.Architecture);
        var context = new TargetContext(0, target.Cells, new Goals(request.Objective, 0.01), SamplingPolicy.For(request.Targets[0], target.Cells.Count));
        return (context, target.Cells.ToDictionary(c => c.Id, c => new CellObservations(c, CellPrices.For(c.MemoryMb, prices)), StringComparer.Ordinal));
    }

    /// <summary>Adds the step's samples: <paramref name="duration"/> (null: an out-of-memory failure) × U(1 − jitter, 1 + jitter).</summary>
    private static void Fill(Dictionary<string, CellObservations> observations, StageStep step, int stage, Func<PlanCell, double?> duration, double jitter = 0.03, int seed = 11)
    {
        var random = new Random(seed);
        foreach (var quota in step.Quotas)
        {
            var cell = observations[quota.CellId];
            for (var i = 0; i < quota.Samples; i++)
            {
                var ms = duration(cell.Cell);
                var sample = DecisionScenario.Warm(quota.CellId, cell.Invocations, ms is { } d ? d * (1 - jitter + (2 * jitter * random.NextDouble())) : 50, stage, i, cell.Cell.MemoryMb);
                cell.Add(ms is null ? sample with { ErrorType = "Runtime.OutOfMemory" } : sample);
            }
        }
    }
}
