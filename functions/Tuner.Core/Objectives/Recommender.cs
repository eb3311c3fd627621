using System.Globalization;
using Tuner.Core.Requests;
using Tuner.Core.Reports;
using static System.FormattableString;

namespace Tuner.Core.Objectives;

/// <summary>
/// Applies the objective to one target's measured cells. Constraints filter first (<c>maxP95Ms</c>,
/// <c>maxErrorRate</c>, at least one success, and an error rate not significantly above the baseline's). The
/// feasible cells are scored (cost: USD per invocation; speed: p95 ms; balanced: weight × cost/min cost +
/// (1 − weight) × p95/min p95) and ordered by score, then cost, then memory (ties go to the cheaper, then smaller
/// configuration). The best candidate is recommended only if it beats the baseline by more than the 95% interval
/// of the difference (√(h₁² + h₂²) of the two half-widths); otherwise the answer is to keep the current configuration.
/// </summary>
public static class Recommender
{
    private const double RelativeTieTolerance = 1e-9;

    public static ObjectiveOutcome Evaluate(Objective objective, IReadOnlyList<CellEvaluation> cells, long? monthlyInvocations = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(cells);
        var baseline = cells.FirstOrDefault(c => c.Cell.IsBaseline);
        var violations = cells.ToDictionary(c => c.Cell.Id, c => Violations(objective, c, baseline), StringComparer.Ordinal);
        var feasible = cells.Where(c => violations[c.Cell.Id].Count == 0).ToList();

        var scores = Scores(objective, feasible);
        var ranked = feasible
            .OrderBy(c => c, new CandidateComparer(scores))
            .ToList();
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
                violations[c.Cell.Id].Count == 0,
                violations[c.Cell.Id],
                scores.TryGetValue(c.Cell.Id, out var score) ? score : null,
                frontSet.Contains(c.Cell.Id)))
            .ToList();

        var recommendation = Decide(objective, baseline, ranked, violations, monthlyInvocations);
        return new ObjectiveOutcome(reports, front, recommendation);
    }

    private static List<string> Violations(Objective objective, CellEvaluation cell, CellEvaluation? baseline)
    {
        var result = new List<string>();
        var stats = cell.Statistics;
        if (stats.Duration is null)
        {
            result.Add("no successful invocation");
            return result;
        }

        if (objective.MaxErrorRate is { } maxErrorRate && stats.ErrorRate > maxErrorRate)
        {
            result.Add(Invariant($"error rate {stats.ErrorRate:0.####} is above maxErrorRate {maxErrorRate}"));
        }

        if (objective.MaxP95Ms is { } maxP95 && stats.Duration.P95 > maxP95)
        {
            result.Add(Invariant($"p95 {stats.Duration.P95:0.##} ms is above maxP95Ms {maxP95}"));
        }

        if (baseline is not null && !cell.Cell.IsBaseline && stats.ErrorRateCi.Low > baseline.Statistics.ErrorRateCi.High)
        {
            result.Add(Invariant($"error rate {stats.ErrorRate:0.####} is significantly above the baseline's {baseline.Statistics.ErrorRate:0.####}"));
        }

        return result;
    }

    private static Dictionary<string, double> Scores(Objective objective, List<CellEvaluation> feasible)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        if (feasible.Count == 0)
        {
            return scores;
        }

        var minCost = feasible.Min(c => (double)c.Cost.TotalUsd);
        var minP95 = feasible.Min(c => c.Statistics.Duration!.P95);
        var weight = objective.EffectiveWeight;
        foreach (var cell in feasible)
        {
            var cost = (double)cell.Cost.TotalUsd;
            var p95 = cell.Statistics.Duration!.P95;
            scores[cell.Cell.Id] = objective.Strategy switch
            {
                ObjectiveStrategy.Speed => p95,
                ObjectiveStrategy.Balanced => (weight * Ratio(cost, minCost)) + ((1 - weight) * Ratio(p95, minP95)),
                _ => cost,
            };
        }

        return scores;
    }

    private static double Ratio(double value, double min) => min > 0 ? value / min : (value > 0 ? 2 : 1);

    private static Recommendation? Decide(
        Objective objective,
        CellEvaluation? baseline,
        List<CellEvaluation> ranked,
        Dictionary<string, List<string>> violations,
        long? monthlyInvocations)
    {
        var best = ranked.FirstOrDefault();
        if (baseline is null)
        {
            return best is null ? null : Build(RecommendationAction.Switch, best, null, monthlyInvocations, "the current configuration could not be measured; this is the best measured configuration", best.Cell.Id);
        }

        if (best is null)
        {
            return Build(RecommendationAction.KeepCurrent, baseline, baseline, monthlyInvocations, "no configuration meets the constraints", null);
        }

        if (best.Cell.IsBaseline)
        {
            return Build(RecommendationAction.KeepCurrent, baseline, baseline, monthlyInvocations, Invariant($"the current configuration is the best for objective {Name(objective.Strategy)}"), best.Cell.Id);
        }

        var baselineViolations = violations[baseline.Cell.Id];
        if (baselineViolations.Count > 0)
        {
            return Build(RecommendationAction.Switch, best, baseline, monthlyInvocations, "the current configuration violates: " + string.Join("; ", baselineViolations), best.Cell.Id);
        }

        var (significant, detail) = Significance(objective, best, baseline);
        return significant
            ? Build(RecommendationAction.Switch, best, baseline, monthlyInvocations, detail, best.Cell.Id)
            : Build(RecommendationAction.KeepCurrent, baseline, baseline, monthlyInvocations, Invariant($"best candidate {best.Cell.Id} is not significantly better than the current configuration: {detail}"), best.Cell.Id);
    }

    private static (bool Significant, string Detail) Significance(Objective objective, CellEvaluation best, CellEvaluation baseline)
    {
        if (best.Statistics.Count < 2 || baseline.Statistics.Count < 2)
        {
            return (false, "fewer than 2 samples, no confidence interval");
        }

        var costDiff = (double)(baseline.Cost.TotalUsd - best.Cost.TotalUsd);
        var costHalf = Math.Sqrt(Square(HalfWidth(baseline.Cost)) + Square(HalfWidth(best.Cost)));
        var costSignificant = costDiff > costHalf;
        var costText = Invariant($"cost {Change(costDiff, (double)baseline.Cost.TotalUsd)} (95% interval of the difference ±{Percent(costHalf, (double)baseline.Cost.TotalUsd)})");

        var b95 = baseline.Statistics.Duration!;
        var c95 = best.Statistics.Duration!;
        var p95Diff = b95.P95 - c95.P95;
        var p95Half = Math.Sqrt(Square(b95.P95Ci?.HalfWidth ?? double.PositiveInfinity) + Square(c95.P95Ci?.HalfWidth ?? double.PositiveInfinity));
        var p95Significant = p95Diff > p95Half;
        var p95Text = Invariant($"p95 {Change(p95Diff, b95.P95)} (95% interval of the difference ±{Percent(p95Half, b95.P95)})");

        return objective.Strategy switch
        {
            ObjectiveStrategy.Speed => (p95Significant, p95Text),
            ObjectiveStrategy.Balanced => (costSignificant || p95Significant, costText + ", " + p95Text),
            _ => (costSignificant, costText),
        };
    }

    private static Recommendation Build(RecommendationAction action, CellEvaluation chosen, CellEvaluation? baseline, long? monthlyInvocations, string reason, string? bestCandidate)
    {
        var savings = new Savings(0, 0, monthlyInvocations is null ? null : 0m, 0);
        if (baseline is not null && !ReferenceEquals(chosen, baseline))
        {
            var saved = baseline.Cost.TotalUsd - chosen.Cost.TotalUsd;
            var percent = baseline.Cost.TotalUsd > 0 ? (double)(saved / baseline.Cost.TotalUsd) * 100 : 0;
            double? p95Change = baseline.Statistics.Duration is { } b && chosen.Statistics.Duration is { } c && b.P95 > 0
                ? (c.P95 - b.P95) / b.P95 * 100
                : null;
            savings = new Savings(
                Math.Round(percent, 4),
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

    private static double HalfWidth(Pricing.CellCost cost) => (double)(cost.TotalHighUsd - cost.TotalLowUsd) / 2;

    private static double Square(double x) => x * x;

    private static string Percent(double part, double whole) =>
        whole > 0 ? (part / whole * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary>A reduction (<paramref name="reduction"/> &gt; 0) reads "x% lower", an increase "x% higher": never "-x% lower".</summary>
    private static string Change(double reduction, double whole) =>
        Percent(Math.Abs(reduction), whole) + (reduction >= 0 ? " lower" : " higher");

    private static string Name(ObjectiveStrategy strategy) => strategy.ToString().ToLowerInvariant();

    private sealed class CandidateComparer(Dictionary<string, double> scores) : IComparer<CellEvaluation>
    {
        public int Compare(CellEvaluation? x, CellEvaluation? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var sx = scores[x.Cell.Id];
            var sy = scores[y.Cell.Id];
            if (Math.Abs(sx - sy) > RelativeTieTolerance * Math.Max(Math.Abs(sx), Math.Abs(sy)))
            {
                return sx.CompareTo(sy);
            }

            var byCost = x.Cost.TotalUsd.CompareTo(y.Cost.TotalUsd);
            if (byCost != 0)
            {
                return byCost;
            }

            var byMemory = x.Cell.MemoryMb.CompareTo(y.Cell.MemoryMb);
            return byMemory != 0 ? byMemory : string.CompareOrdinal(x.Cell.Id, y.Cell.Id);
        }
    }
}
