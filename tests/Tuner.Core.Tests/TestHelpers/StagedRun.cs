using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Samples;

namespace Tuner.Core.Tests.TestHelpers;

/// <summary>
/// Drives the real <see cref="StagePlanner"/> over one target as the state machine does (first pass, narrowing,
/// paired confirmation), taking each requested sample from <c>measure</c>: warm-ups first (cold), then rounds in
/// which every cell still short of its quota gets one invocation (each writes 1 item, 1 write unit). Returns every
/// sample and the stage history.
/// </summary>
internal static class StagedRun
{
    /// <summary>Produces one invocation of a cell: (cell, warm-up?, invocation index of the cell) → duration ms, or null for an out-of-memory failure.</summary>
    public delegate double? Measure(PlanCell cell, bool warmup, int index);

    public static (List<Sample> Samples, List<StageRecord> History) Run(TuningRequest request, TuningPlan plan, Measure measure, int targetIndex = 0)
    {
        var target = plan.Targets[targetIndex];
        var requestTarget = request.Targets[targetIndex];
        var prices = PricingCatalog.Default.Get(request.Region ?? "us-east-1", target.Architecture);
        var context = new TargetContext(targetIndex, target.Cells, new Goals(request.Objective, requestTarget.EffectiveColdStartShare), SamplingPolicy.For(requestTarget, target.Cells.Count));
        var observations = target.Cells.ToDictionary(c => c.Id, c => new CellObservations(c, CellPrices.For(c.MemoryMb, prices)), StringComparer.Ordinal);
        var cells = target.Cells.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var counts = target.Cells.ToDictionary(c => c.Id, _ => 0, StringComparer.Ordinal);
        var samples = new List<Sample>();
        var history = new List<StageRecord>();
        var round = 0;
        for (var step = 0; step < 50; step++)
        {
            var next = StagePlanner.Next(context, history, observations);
            if (next.Done)
            {
                return (samples, history);
            }

            var stage = next.Stage!;
            if (stage.Number == history.LastOrDefault()?.Number)
            {
                history[^1] = stage;
            }
            else
            {
                history.Add(stage);
            }

            void Take(PlanCell cell, bool warmup, int roundNumber)
            {
                var index = counts[cell.Id]++;
                var duration = measure(cell, warmup, index);
                var sample = duration is { } ms
                    ? new Sample { CellId = cell.Id, Index = index, ColdStart = warmup, DurationMs = ms, BilledDurationMs = Math.Ceiling(ms + (warmup ? 180.5 : 0)), InitDurationMs = warmup ? 180.5 : null, MemorySizeMb = cell.MemoryMb, MaxMemoryUsedMb = 140, Items = 1, ConsumedWriteUnits = 1, Retries = 0, Throttles = 0, Stage = stage.Number, Round = roundNumber, Warmup = warmup }
                    : new Sample { CellId = cell.Id, Index = index, ColdStart = warmup, DurationMs = 50, BilledDurationMs = 50, InitDurationMs = warmup ? 180.5 : null, MemorySizeMb = cell.MemoryMb, MaxMemoryUsedMb = cell.MemoryMb, ErrorType = "Runtime.OutOfMemory", ErrorMessage = "Runtime exited with error: signal: killed", Stage = stage.Number, Round = roundNumber, Warmup = warmup };
                samples.Add(sample);
                observations[cell.Id].Add(sample);
            }

            foreach (var quota in next.Quotas.Where(q => q.WarmUp))
            {
                for (var i = 0; i < cells[quota.CellId].Concurrency; i++)
                {
                    Take(cells[quota.CellId], warmup: true, round);
                }
            }

            var remaining = next.Quotas.ToDictionary(q => q.CellId, q => q.Samples, StringComparer.Ordinal);
            while (remaining.Values.Any(v => v > 0))
            {
                round++;
                foreach (var id in remaining.Keys.ToList().Where(id => remaining[id] > 0))
                {
                    Take(cells[id], warmup: false, round);
                    remaining[id]--;
                }
            }
        }

        throw new InvalidOperationException("the staged run did not finish in 50 steps");
    }
}
