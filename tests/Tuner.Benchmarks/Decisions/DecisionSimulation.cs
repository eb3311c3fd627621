using Tuner.Core.Decisions;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;

namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// Drives the real staged decision code on a simulated target: <see cref="StagePlanner.Next"/> → the requested
/// samples (warm-ups first: <see cref="WorkloadModel.Concurrency"/> cold invocations per new cell, flagged
/// <c>Warmup</c>; then interleaved rounds, one sample of each cell per round in a seeded shuffled order, as the Executor
/// runs them; the confirmation's two cells alternate the same way with <c>Round</c> set) → … until done →
/// <see cref="DecisionEngine.Decide"/>. The exhaustive strategy is the same code with a first pass at the ceiling and
/// no budget: every cell gets the ceiling, then the best is confirmed the same way.
/// </summary>
internal sealed class DecisionSimulation
{
    private readonly Dictionary<string, CellTruth> _truths;
    private readonly Dictionary<int, CellPrices> _prices;

    public DecisionSimulation(WorkloadModel model, PriceSheet sheet, Func<SamplingPolicy, SamplingPolicy>? policyChange = null, DecisionStatistic statistic = DecisionStatistic.HodgesLehmann)
    {
        Model = model;
        _truths = model.Cells.ToDictionary(c => c.Cell.Id);
        _prices = model.Cells.Select(c => c.Cell.MemoryMb).Distinct().ToDictionary(m => m, m => CellPrices.For(m, sheet));
        var cells = model.Cells.Select(c => c.Cell).ToList();
        var target = TuningTarget.ForFunction("simulated") with
        {
            MemoryMb = [.. cells.Select(c => c.MemoryMb).Distinct()],
            Invocations = model.Ceiling,
            Concurrency = model.Concurrency,
            ColdStartShare = model.ColdStartShare,
            ConfirmInvocations = model.Confirm,
        };
        var policy = SamplingPolicy.For(target, cells.Count);
        policy = policyChange?.Invoke(policy) ?? policy;
        var goals = new Goals(model.Objective, model.ColdStartShare, statistic);
        Staged = new TargetContext(0, cells, goals, policy);
        Exhaustive = new TargetContext(0, cells, goals, policy with { FirstPass = policy.Ceiling, Budget = int.MaxValue / 2 });
        StagedWallMs = ExpectedWallMs(Staged);
        ExhaustiveWallMs = ExpectedWallMs(Exhaustive);
    }

    public WorkloadModel Model { get; }

    public TargetContext Staged { get; }

    public TargetContext Exhaustive { get; }

    /// <summary>Mean simulated wall time of a staged run (no drift), from a short pilot: the drift is scaled to it.</summary>
    public double StagedWallMs { get; }

    public double ExhaustiveWallMs { get; }

    public RunResult Run(TargetContext context, int seed)
    {
        var random = new Random(seed);
        var generator = new SampleGenerator(Model, random, ReferenceEquals(context, Exhaustive) ? ExhaustiveWallMs : StagedWallMs);
        return Execute(context, generator);
    }

    private RunResult Execute(TargetContext context, SampleGenerator generator)
    {
        var observations = context.Cells.ToDictionary(c => c.Id, c => new CellObservations(c, _prices[c.MemoryMb], context.Policy.Mode));
        var history = new List<StageRecord>();
        var nextRound = new Dictionary<int, int>();
        for (var guard = 0; guard < 100; guard++)
        {
            var step = StagePlanner.Next(context, history, observations);
            if (step.Done)
            {
                break;
            }

            var stage = step.Stage!;
            if (history.Count > 0 && history[^1].Number == stage.Number)
            {
                history[^1] = stage;
            }
            else
            {
                history.Add(stage);
            }

            Measure(stage.Number, step.Quotas, observations, generator, nextRound, context.Policy.Concurrency);
        }

        var decision = DecisionEngine.Decide(context, history, observations);
        return new RunResult(decision, generator.ClockMs);
    }

    private void Measure(int stage, IReadOnlyList<CellQuota> quotas, Dictionary<string, CellObservations> observations, SampleGenerator generator, Dictionary<int, int> nextRound, int concurrency)
    {
        var random = generator.Random;
        var order = quotas.ToArray();
        random.Shuffle(order);
        foreach (var quota in order.Where(q => q.WarmUp))
        {
            for (var i = 0; i < concurrency; i++)
            {
                observations[quota.CellId].Add(generator.Draw(_truths[quota.CellId], cold: true, warmup: true, stage, round: 0));
            }
        }

        var remaining = quotas.ToDictionary(q => q.CellId, q => q.Samples);
        var round = nextRound.GetValueOrDefault(stage, 1);
        var live = remaining.Where(kv => kv.Value > 0).Select(kv => kv.Key).ToArray();
        while (live.Length > 0)
        {
            random.Shuffle(live);
            foreach (var id in live)
            {
                observations[id].Add(generator.Draw(_truths[id], cold: false, warmup: false, stage, round));
                remaining[id]--;
            }

            round++;
            live = [.. live.Where(id => remaining[id] > 0)];
        }

        nextRound[stage] = round;
    }

    private double ExpectedWallMs(TargetContext context)
    {
        var quiet = Model with { Drift = 0 };
        var sim = new DecisionSimulation(quiet, context, _truths, _prices);
        var total = 0.0;
        const int pilots = 5;
        for (var i = 0; i < pilots; i++)
        {
            total += sim.Execute(context, new SampleGenerator(quiet, new Random(1_000_003 + i), 0)).WallMs;
        }

        return total / pilots;
    }

    private DecisionSimulation(WorkloadModel model, TargetContext context, Dictionary<string, CellTruth> truths, Dictionary<int, CellPrices> prices)
    {
        Model = model;
        _truths = truths;
        _prices = prices;
        Staged = context;
        Exhaustive = context;
    }
}

/// <summary>One simulated run: the decision and the simulated wall time it took.</summary>
internal sealed record RunResult(TargetDecision Decision, double WallMs);
