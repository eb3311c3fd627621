using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Samples;

namespace Tuner.Core.Tests.TestHelpers;

/// <summary>
/// A target planned from a request and measured in stages by <see cref="StagedRun"/> with a seeded noise model:
/// each cell's warm duration is <c>truth(cell)</c> × (1 ± <c>noise</c>) uniform; <c>truth</c> null = out of memory.
/// <c>perInvocation</c>, when given, replaces <c>truth</c> per invocation index (warm-ups included; NaN = out of memory).
/// </summary>
internal static class DecisionScenario
{
    public static (TargetDecision Decision, TargetContext Context, Dictionary<string, CellObservations> Observations, List<StageRecord> History) Run(
        string requestJson,
        int currentMemoryMb,
        Func<PlanCell, double?> truth,
        int seed = 1,
        double noise = 0.1,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<PlanCell, int, double?>? perInvocation = null)
    {
        var request = TuningRequestReader.Read(requestJson).Request ?? throw new ArgumentException("invalid request: " + string.Join("; ", TuningRequestReader.Read(requestJson).Problems));
        var plan = TuningPlanner.Plan(request, [TestData.Configuration(memoryMb: currentMemoryMb, environment: environment)], PricingCatalog.Default, "us-east-1").Plan!;
        var random = new Random(seed);
        var (samples, history) = StagedRun.Run(request, plan, (cell, warmup, index) =>
        {
            var value = perInvocation is null ? truth(cell) : perInvocation(cell, index);
            return value is { } ms && !double.IsNaN(ms) ? Math.Round(ms * (1 - noise + (2 * noise * random.NextDouble())), 2) : null;
        });
        var target = plan.Targets[0];
        var prices = PricingCatalog.Default.Get("us-east-1", target.Architecture);
        var context = new TargetContext(0, target.Cells, new Goals(request.Objective, request.Targets[0].EffectiveColdStartShare), SamplingPolicy.For(request.Targets[0], target.Cells.Count));
        var observations = target.Cells.ToDictionary(c => c.Id, c => new CellObservations(c, CellPrices.For(c.MemoryMb, prices)), StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            observations[sample.CellId].Add(sample);
        }

        return (DecisionEngine.Decide(context, history, observations), context, observations, history);
    }

    /// <summary>Single-threaded CPU work: ms = fixed + work × 1769 / min(memory, 1769).</summary>
    public static Func<PlanCell, double?> CpuBound(double fixedMs, double workMs) =>
        cell => fixedMs + (workMs * 1769.0 / Math.Min(cell.MemoryMb, 1769));

    public static Sample Warm(string cellId, int index, double ms, int stage = 1, int round = 0, int memoryMb = 512) =>
        new() { CellId = cellId, Index = index, ColdStart = false, DurationMs = ms, BilledDurationMs = Math.Ceiling(ms), MemorySizeMb = memoryMb, MaxMemoryUsedMb = 100, Stage = stage, Round = round };
}
