using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Serialization;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class NarrowerTests : IDisposable
{
    private readonly RunHarness _run = new();

    public NarrowerTests()
    {
        _run.AddMemoryBoundFunction("orders-ingest");
    }

    public void Dispose() => _run.Dispose();

    /// <summary>Plans <see cref="Requests.Small"/>; one unit at a time unless <paramref name="extra"/> says otherwise.</summary>
    private async Task<PlannerOutput> PlanAsync(string extra = ""","maxConcurrency": 1""")
    {
        var planner = new Planner(_run.Lambda, _run.Store, Requests.Settings(), Tuner.Core.Pricing.PricingCatalog.Default, TimeProvider.System);
        return await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(extra: extra), runId = Requests.RunId });
    }

    private Task<NarrowerOutput> NarrowAsync() =>
        HandlerCall.InvokeAsync<NarrowerOutput>(_run.CreateNarrower().Handle, new { runId = Requests.RunId, bucket = "tuner-test" });

    private StagesDocument Stages() => TunerJson.Deserialize<StagesDocument>(_run.Store.Objects[BucketKeys.Stages(Requests.RunId)])!;

    private async Task MeasureAsync(NarrowerOutput step)
    {
        var executor = new Executor(_run.Lambda, _run.Store, Requests.Settings(), TimeProvider.System);
        foreach (var unit in step.Units)
        {
            await HandlerCall.InvokeAsync<ExecutorOutput>(executor.Handle, new { runId = Requests.RunId, bucket = "tuner-test", unit });
        }
    }

    [Fact]
    public async Task Handle_ColdModeStagedLoop_HandsOutEachPublishedVersionAtMostOnceAndFinishes()
    {
        var planner = new Planner(_run.Lambda, _run.Store, Requests.Settings(), Tuner.Core.Pricing.PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Cold(), runId = Requests.RunId });
        var function = _run.Lambda.Function("orders-ingest");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        function.Behaviour = (configuration, _) =>
        {
            bool cold;
            lock (seen)
            {
                cold = seen.Add(configuration.Version);
            }

            return Task.FromResult(FakeLambdaApi.Success(configuration, 20 + (20_480.0 / configuration.MemorySizeMb), cold));
        };
        var document = TunerJson.Deserialize<RunDocument>(_run.Store.Objects[BucketKeys.Plan(Requests.RunId)])!;

        var handedOut = new List<(string CellId, string Qualifier)>();
        NarrowerOutput step;
        var steps = 0;
        while (!(step = await NarrowAsync()).Done)
        {
            Assert.True(++steps < 20, "the cold-mode loop does not finish");
            foreach (var cell in step.Units.SelectMany(u => u.Cells))
            {
                Assert.False(cell.WarmUp);
                var qualifiers = Assert.IsAssignableFrom<IReadOnlyList<string>>(cell.ColdQualifiers);
                Assert.Equal(cell.Samples, qualifiers.Count);
                Assert.Equal(qualifiers[0], cell.Qualifier);
                handedOut.AddRange(qualifiers.Select(q => (cell.Id, q)));
            }

            await MeasureAsync(step);
        }

        // Never a version twice, each from its own cell's pool, and each invoked exactly once.
        Assert.Equal(handedOut.Count, handedOut.Select(h => h.Qualifier).Distinct().Count());
        Assert.All(handedOut, h => Assert.Contains(h.Qualifier, Enumerable.Range(1, 6).Select(k => document.Versions[Tuner.Core.Planning.ColdStartVersions.Key(h.CellId, k)])));
        var invoked = _run.Lambda.Calls.Where(c => c.StartsWith("Invoke ", StringComparison.Ordinal)).ToList();
        Assert.Equal(invoked.Count, invoked.Distinct().Count());
        Assert.Equal(handedOut.Count, invoked.Count);
        var stages = Stages();
        Assert.True(Assert.Single(stages.Targets).Done);
        Assert.Equal(StageKind.Confirmation, stages.Targets[0].Stages[^1].Kind);
        var counts = Assert.IsAssignableFrom<IReadOnlyDictionary<string, int>>(stages.ColdVersionsHandedOut);
        Assert.All(counts.Values, n => Assert.InRange(n, 1, 6));
        Assert.Equal(handedOut.Count, counts.Values.Sum());
    }

    [Fact]
    public async Task Handle_FirstCall_ReturnsStageOneWithEveryCellInOneUnit()
    {
        var plan = await PlanAsync(extra: ""","maxConcurrency": 1""");

        var output = await NarrowAsync();

        Assert.False(output.Done);
        Assert.Equal(1, output.Step);
        Assert.Equal(1, output.MaxConcurrency);
        var unit = Assert.Single(output.Units);
        Assert.Equal(1, unit.Stage);
        Assert.Equal(StageKind.FirstPass, unit.Kind);
        Assert.False(unit.Paired);
        Assert.Equal(Narrower.Seed(Requests.RunId, 1), unit.Seed);
        Assert.Equal(plan.Cells.Select(c => c.Id).Order(), unit.Cells.Select(c => c.Id).Order());
        Assert.All(unit.Cells, c => Assert.True(c.WarmUp));
        // The request's invocations (4, the per-cell ceiling) cap the first pass.
        Assert.All(unit.Cells, c => Assert.Equal(Math.Min(SamplingPolicy.DefaultFirstPass, 4), c.Samples));
        Assert.All(unit.Cells, c => Assert.Equal(2, c.Concurrency));
        Assert.All(unit.Cells, c => Assert.Equal(plan.Cells.Single(p => p.Id == c.Id).Qualifier, c.Qualifier));
        var stages = Stages();
        Assert.Equal(1, stages.Step);
        var target = Assert.Single(stages.Targets);
        Assert.False(target.Done);
        var record = Assert.Single(target.Stages);
        Assert.Equal(StageKind.FirstPass, record.Kind);
    }

    [Fact]
    public async Task Handle_MaxConcurrencyAboveOne_SplitsTheFirstPassIntoThatManyUnits()
    {
        var plan = await PlanAsync(extra: ""","maxConcurrency": 2""");

        var output = await NarrowAsync();

        Assert.Equal(2, output.Units.Count);
        Assert.Equal([0, 1], output.Units.Select(u => u.Unit));
        Assert.Equal(plan.Cells.Select(c => c.Id).Order(), output.Units.SelectMany(u => u.Cells).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Handle_AfterTheFirstPass_HistoryRoundTripsAndTheNextStageIsThePairedConfirmation()
    {
        await PlanAsync();
        var first = await NarrowAsync();
        await MeasureAsync(first);

        var second = await NarrowAsync();

        Assert.Equal(2, second.Step);
        var unit = Assert.Single(second.Units);
        Assert.Equal(StageKind.Confirmation, unit.Kind);
        Assert.True(unit.Paired);
        Assert.Equal(2, unit.Stage);
        Assert.Contains(unit.Cells, c => c.Id == "t0-baseline");
        Assert.NotEqual(first.Units[0].Seed, unit.Seed);
        var history = Assert.Single(Stages().Targets).Stages;
        // The challenger and the current configuration, and the rival when the two 256 MB cells (equal but for noise)
        // split the cheapest estimate and the fastest one between them.
        Assert.Equal(history[1].Rival is null ? 2 : 3, unit.Cells.Count);
        Assert.Equal([StageKind.FirstPass, StageKind.Confirmation], history.Select(s => s.Kind));
        Assert.Equal(first.Units.SelectMany(u => u.Cells).Select(c => c.Id).Order(), history[0].Cells.Order());
        Assert.Equal(unit.Cells.Select(c => c.Id), history[1].Cells);
    }

    [Fact]
    public async Task Handle_EveryStageMeasured_IsDoneAndMoreStagesIsFalse()
    {
        await PlanAsync();
        NarrowerOutput step;
        var steps = 0;
        while (!(step = await NarrowAsync()).Done)
        {
            await MeasureAsync(step);
            Assert.True(++steps < Narrower.MaxSteps);
        }

        Assert.Empty(step.Units);
        Assert.Equal(steps + 1, step.Step);
        var target = Assert.Single(Stages().Targets);
        Assert.True(target.Done);
        Assert.Equal(StageKind.Confirmation, target.Stages[^1].Kind);
        // Done stays done: another call (a retried state) measures nothing more.
        Assert.True((await NarrowAsync()).Done);
    }

    [Fact]
    public async Task Handle_CellsFellShort_ResumesTheSameStageForThoseCells()
    {
        await PlanAsync();
        var first = await NarrowAsync();
        var unit = first.Units[0];
        // Only the first two cells got measured (an Executor deadline, say).
        await MeasureAsync(first with { Units = [unit with { Cells = [.. unit.Cells.Take(2)] }] });

        var second = await NarrowAsync();

        var resumed = Assert.Single(second.Units);
        Assert.Equal(1, resumed.Stage);
        Assert.Equal(unit.Cells.Skip(2).Select(c => c.Id).Order(), resumed.Cells.Select(c => c.Id).Order());
        var history = Assert.Single(Stages().Targets).Stages;
        Assert.Equal([1, 1], history.Select(s => s.Number));
        Assert.Equal([0, 1], history.Select(s => s.Continuations));
    }

    [Fact]
    public async Task Handle_CalledAgainBeforeTheStepWasMeasured_ReturnsTheSameStepAndUnits()
    {
        await PlanAsync();
        var first = await NarrowAsync();

        var retried = await NarrowAsync();

        Assert.Equal(first.Step, retried.Step);
        Assert.Equal(
            first.Units.SelectMany(u => u.Cells).Select(c => (c.Id, c.Samples, c.WarmUp)),
            retried.Units.SelectMany(u => u.Cells).Select(c => (c.Id, c.Samples, c.WarmUp)));
        var stages = Stages();
        Assert.Equal(1, stages.Step);
        Assert.Single(Assert.Single(stages.Targets).Stages);
    }

    [Fact]
    public void Seed_SameRunAndStep_IsStableAndDiffersBetweenSteps()
    {
        Assert.Equal(Narrower.Seed("run-a", 1), Narrower.Seed("run-a", 1));
        Assert.NotEqual(Narrower.Seed("run-a", 1), Narrower.Seed("run-a", 2));
        Assert.NotEqual(Narrower.Seed("run-a", 1), Narrower.Seed("run-b", 1));
        Assert.True(Narrower.Seed("run-a", 1) >= 0);
    }

    [Fact]
    public async Task Handle_NoPlan_ThrowsInvalidStateInput()
    {
        await Assert.ThrowsAsync<Errors.InvalidStateInputException>(NarrowAsync);
    }
}
