using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Core.Statistics;
using static System.FormattableString;

namespace Tuner.Core.Reports;

/// <summary>
/// The Reducer's domain entry point: from the request, the plan and every parsed sample to the report
/// (warm statistics, cold-start profiles, production costs, constraints, Pareto front, the staged decision and its
/// recommendation, the run's own cost, warnings) in one pass over the samples. <see cref="TuningReport.Alerts"/> and <see cref="TuningReport.Trend"/> are left empty for the
/// reports engine.
/// </summary>
public static class TuningAnalyzer
{
    /// <param name="request">The validated request.</param>
    /// <param name="plan">The Planner's plan.</param>
    /// <param name="samples">Every sample of the run, in any order (samples of unknown cells become a warning).</param>
    /// <param name="pricing">Prices; each target uses <c>request.Region ?? run.Region</c> and the plan's architecture.</param>
    /// <param name="run">Run metadata; <see cref="RunMetadata.LimitsEnforced"/> is and-ed with the samples' flags.</param>
    /// <param name="executionWarnings">Problems the Executors reported (e.g. invocations without a REPORT line).</param>
    /// <param name="stages">Each target's staged measurement (stages.json); the recommendation is confirmed only there.</param>
    public static TuningReport Analyze(
        TuningRequest request,
        TuningPlan plan,
        IEnumerable<Sample> samples,
        PricingCatalog pricing,
        RunMetadata run,
        IEnumerable<string>? executionWarnings = null,
        IReadOnlyDictionary<int, IReadOnlyList<StageRecord>>? stages = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(pricing);
        ArgumentNullException.ThrowIfNull(run);

        var region = request.Region ?? run.Region;
        var sheets = new Dictionary<int, PriceSheet>();
        foreach (var target in plan.Targets)
        {
            sheets[target.TargetIndex] = pricing.Get(region, target.Architecture);
        }

        var cells = new Dictionary<string, CellInput>(StringComparer.Ordinal);
        foreach (var target in plan.Targets)
        {
            var mode = request.Targets[target.TargetIndex].Measure;
            foreach (var cell in target.Cells)
            {
                var prices = sheets[target.TargetIndex];
                cells[cell.Id] = new CellInput(
                    new CellStatisticsBuilder(prices.InitBilled, cell.Invocations, mode),
                    new CellObservations(cell, CellPrices.For(cell.MemoryMb, prices), mode));
            }
        }

        var unknownCells = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? lastId = null;
        CellInput? last = null;
        foreach (var sample in samples)
        {
            // Samples arrive grouped by cell (one file per cell and step): skip the dictionary lookup while the id repeats.
            if (!ReferenceEquals(sample.CellId, lastId) && !string.Equals(sample.CellId, lastId, StringComparison.Ordinal))
            {
                lastId = sample.CellId;
                last = cells.GetValueOrDefault(sample.CellId);
            }

            if (last is null)
            {
                unknownCells[sample.CellId] = unknownCells.GetValueOrDefault(sample.CellId) + 1;
                continue;
            }

            last.Statistics.Add(sample);
            last.Observations.Add(sample);
        }

        var warnings = new List<string>(executionWarnings ?? []);
        foreach (var (cellId, count) in unknownCells)
        {
            warnings.Add(Invariant($"{count} samples of cell '{cellId}', which is not in the plan, were ignored"));
        }

        var targets = new List<TargetReport>();
        var limitsEnforced = run.LimitsEnforced;
        decimal compute = 0, requests = 0, dynamo = 0;
        long invocations = 0;
        foreach (var target in plan.Targets)
        {
            var prices = sheets[target.TargetIndex];
            var requestTarget = request.Targets[target.TargetIndex];
            var share = requestTarget.EffectiveColdStartShare;
            var targetWarnings = new List<string>();
            var evaluations = new List<CellEvaluation>();
            var observations = new Dictionary<string, CellObservations>(StringComparer.Ordinal);
            var failed = new List<FailedCell>();
            foreach (var cell in target.Cells)
            {
                var input = cells[cell.Id];
                var builder = input.Statistics;
                observations[cell.Id] = input.Observations;
                compute += input.Observations.SpentUsd(out var spentRequests, out var spentDynamo);
                requests += spentRequests;
                dynamo += spentDynamo;
                invocations += builder.Invocations;
                if (builder.Count == 0)
                {
                    if (builder.Invocations == 0)
                    {
                        continue; // never sampled: dropped before it ran, or the run measured another stage plan
                    }

                    failed.Add(new FailedCell(cell.Id, cell.MemoryMb, cell.BatchSize, cell.Parallelism, cell.Env, builder.Invocations, 0, "NoWarmSamples", "no warm invocation of this cell was measured"));
                    continue;
                }

                var statistics = builder.Build();
                var coldExtra = input.Observations.ProductionOffset(DecisionGoal.Cost, 1);
                var cost = CostCalculator.PerInvocation(statistics, cell.MemoryMb, prices, coldExtra, share);
                evaluations.Add(new CellEvaluation(cell, statistics, cost));
                limitsEnforced &= statistics.LimitsEnforced;

                if (statistics.Duration is null)
                {
                    var dominant = statistics.ErrorTypes.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
                    failed.Add(new FailedCell(cell.Id, cell.MemoryMb, cell.BatchSize, cell.Parallelism, cell.Env, statistics.Count, statistics.Errors, dominant, builder.FirstErrorMessage(dominant)));
                }
                else if (statistics.Errors > 0)
                {
                    targetWarnings.Add(Invariant($"{cell.Id}: {statistics.Errors} of {statistics.Count} invocations failed ({string.Join(", ", statistics.ErrorTypes.Select(e => $"{e.Key} ×{e.Value}"))})"));
                }

                if (statistics.Workload?.MeanThrottles is > 0)
                {
                    targetWarnings.Add(Invariant($"{cell.Id}: DynamoDB throttled (mean {statistics.Workload.MeanThrottles:0.##} per invocation)"));
                }
            }

            var context = TargetContext.For(target, requestTarget, request.Objective);
            var history = stages?.GetValueOrDefault(target.TargetIndex) ?? [];
            var decision = DecisionEngine.Decide(context, history, observations);
            var outcome = Recommender.Evaluate(request.Objective, evaluations, decision, observations, requestTarget.MonthlyInvocations);
            if (outcome.Recommendation is null)
            {
                targetWarnings.Add("no recommendation: neither the current configuration nor any candidate could be measured");
            }

            targets.Add(new TargetReport(
                target.TargetIndex,
                target.Function,
                target.Architecture,
                requestTarget.MonthlyInvocations,
                outcome.Cells.FirstOrDefault(c => c.IsBaseline),
                outcome.Cells,
                failed,
                outcome.Recommendation,
                outcome.ParetoFront,
                targetWarnings,
                decision,
                target.Baseline.CodeSha256));
        }

        if (!limitsEnforced)
        {
            warnings.Add("some invocations ran without Lambda-like CPU/memory limits: durations and costs are not comparable with AWS");
        }

        var transitionPrice = sheets.Count > 0 ? sheets.Values.Max(s => s.UsdPerTransition) : 0m;
        var stepFunctions = plan.Estimate.StateTransitions * transitionPrice;
        var runCost = new TuningRunCost(
            plan.Estimate.TotalUsd,
            Round(compute + requests + dynamo + stepFunctions),
            Round(compute),
            Round(requests),
            Round(dynamo),
            Round(stepFunctions),
            invocations,
            plan.Estimate.StateTransitions);

        var usedSheets = sheets.Values.Distinct().OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Architecture, StringComparer.Ordinal).ToList();
        return new TuningReport(
            TuningReport.CurrentSchemaVersion,
            run with { LimitsEnforced = limitsEnforced },
            request,
            usedSheets,
            targets,
            runCost,
            warnings,
            [],
            null);
    }

    private sealed record CellInput(CellStatisticsBuilder Statistics, CellObservations Observations);

    private static decimal Round(decimal usd) => Math.Round(usd, 8, MidpointRounding.AwayFromZero);
}
