using Tuner.Core.Decisions;
using Tuner.Core.Requests;
using Tuner.Core.Reports;

namespace Tuner.Core.Objectives;

/// <summary>
/// Turns one target's measured cells and its staged decision into the report's view: each cell with its constraint
/// verdict (judged on intervals, <see cref="Constraints"/>), its objective score (cost: USD per invocation; speed: mean
/// warm duration; balanced: weight × cost/min cost + (1 − weight) × duration/min duration, production figures), the
/// Pareto front of cost vs p95, and the recommendation the <see cref="DecisionEngine"/> reached, with the savings
/// measured in its confirmation (fresh samples, so picking the best of many does not inflate them).
/// </summary>
public static class Recommender
{
    public static ObjectiveOutcome Evaluate(
        Objective objective,
        IReadOnlyList<CellEvaluation> cells,
        TargetDecision? decision,
        IReadOnlyDictionary<string, CellObservations>? observations = null,
        long? monthlyInvocations = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(cells);
        var verdicts = cells.ToDictionary(
            c => c.Cell.Id,
            c => observations is not null && observations.TryGetValue(c.Cell.Id, out var o)
                ? Constraints.Judge(objective, o, _ => true)
                : c.Statistics.Duration is null ? new ConstraintVerdict(true, false, ["no successful invocation"]) : ConstraintVerdict.Met,
            StringComparer.Ordinal);
        var feasible = cells.Where(c => !verdicts[c.Cell.Id].Violates && c.Statistics.Duration is not null).ToList();
        var scores = Scores(objective, feasible);
        var front = ParetoFront.Compute(feasible.Select(c => (c.Cell.Id, c.Cost.TotalUsd, c.Statistics.Duration!.P95)));
        var frontSet = front.ToHashSet(StringComparer.Ordinal);
        var reports = cells
            .Select(c => new CellReport(
                c.Cell.Id,
                c.Cell.MemoryMb,
                c.Cell.BatchSize,
                c.Cell.Parallelism,
                c.Cell.Env,
                c.Cell.IsBaseline,
                c.Statistics,
                c.Cost,
                !verdicts[c.Cell.Id].Violates,
                verdicts[c.Cell.Id].Violates ? verdicts[c.Cell.Id].Reasons : [],
                scores.TryGetValue(c.Cell.Id, out var score) ? score : null,
                frontSet.Contains(c.Cell.Id),
                observations?.GetValueOrDefault(c.Cell.Id)?.ColdProfile()))
            .ToList();
        return new ObjectiveOutcome(reports, front, Recommend(cells, decision, monthlyInvocations));
    }

    private static Recommendation? Recommend(IReadOnlyList<CellEvaluation> cells, TargetDecision? decision, long? monthlyInvocations)
    {
        var baseline = cells.FirstOrDefault(c => c.Cell.IsBaseline);
        if (decision is null)
        {
            return baseline is null ? null : Build(RecommendationAction.KeepCurrent, baseline, null, monthlyInvocations, "no decision was made", null);
        }

        var chosen = cells.FirstOrDefault(c => c.Cell.Id == decision.ChosenCellId);
        if (chosen is null)
        {
            return null;
        }

        var challenger = decision.Confirmation?.Challenger ?? (decision.Stages.Count > 0 ? decision.Stages[^1].Challenger : null);
        return decision.Action == RecommendationAction.Switch && baseline is not null
            ? Build(RecommendationAction.Switch, chosen, (baseline, decision.Confirmation), monthlyInvocations, decision.Reason, challenger)
            : Build(decision.Action, chosen, null, monthlyInvocations, decision.Reason, challenger);
    }

    private static Dictionary<string, double> Scores(Objective objective, List<CellEvaluation> feasible)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (feasible.Count == 0)
        {
            return scores;
        }

        var minCost = feasible.Min(c => (double)c.Cost.TotalUsd);
        var minMean = feasible.Min(c => c.Statistics.Duration!.Mean);
        var weight = objective.EffectiveWeight;
        foreach (var cell in feasible)
        {
            var cost = (double)cell.Cost.TotalUsd;
            var mean = cell.Statistics.Duration!.Mean;
            scores[cell.Cell.Id] = objective.Strategy switch
            {
                ObjectiveStrategy.Speed => mean,
                ObjectiveStrategy.Balanced => (weight * Ratio(cost, minCost)) + ((1 - weight) * Ratio(mean, minMean)),
                _ => cost,
            };
        }

        return scores;
    }

    private static double Ratio(double value, double min) => min > 0 ? value / min : (value > 0 ? 2 : 1);

    private static Recommendation Build(
        RecommendationAction action,
        CellEvaluation chosen,
        (CellEvaluation Baseline, ConfirmationResult? Confirmation)? against,
        long? monthlyInvocations,
        string reason,
        string? bestCandidate)
    {
        var savings = new Savings(0, 0, monthlyInvocations is null ? null : 0m, 0);
        if (against is ({ } baseline, var confirmation))
        {
            // The confirmation's paired estimate, not the stages' figures: those are biased by selecting the best of many.
            var relative = confirmation?.Cost?.Estimate ?? ((double)chosen.Cost.TotalUsd / (double)Math.Max(baseline.Cost.TotalUsd, 1e-18m)) - 1;
            var saved = baseline.Cost.TotalUsd * (decimal)(-relative);
            double? p95Change = confirmation is { ChallengerP95Ms: { } c, BaselineP95Ms: { } b } && b > 0 ? (c - b) / b * 100 : null;
            savings = new Savings(
                Math.Round(-relative * 100, 4),
                Math.Round(saved * 1_000_000m, 6, MidpointRounding.AwayFromZero),
                monthlyInvocations is { } monthly ? Math.Round(saved * monthly, 4, MidpointRounding.AwayFromZero) : null,
                p95Change is { } change ? Math.Round(change, 4) : null);
        }

        return new Recommendation(
            action,
            chosen.Cell.Id,
            chosen.Cell.MemoryMb,
            chosen.Cell.BatchSize,
            chosen.Cell.Parallelism,
            chosen.Cell.Env,
            chosen.Cost.TotalUsd,
            chosen.Statistics.Duration?.P95,
            chosen.Statistics.Duration?.Mean,
            savings,
            reason,
            bestCandidate);
    }
}
