using Tuner.Core.Requests;
using static System.FormattableString;

namespace Tuner.Core.Decisions;

/// <summary>
/// How the stages order and drop cells (pure, used by <see cref="StagePlanner"/>): the ranking on point estimates with
/// the tie band, the leaders within the margin that may drop a tied cell, why a leader beats a cell, the confirmation's
/// rival, and the error-rate rules that keep a cell failing more often than the current configuration from winning
/// because failures end early.
/// </summary>
public static class CellRanking
{
    /// <summary>
    /// Live cells best first. The cells tied with the best primary figure — within the margin by point estimate, or
    /// (speed and balanced objectives) not shown to be worse beyond it by a <see cref="StagePlanner.TieConfidence"/> interval: a few
    /// samples cannot tell a tie from a small difference — are ordered by the secondary figure; the rest follow by
    /// primary figure; unmeasured and failing cells last.
    /// </summary>
    public static List<CellObservations> Rank(TargetContext context, IEnumerable<CellObservations> cells, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(context);
        var goals = context.Goals;
        var list = cells.ToList();
        var estimates = Estimates(goals, list, stages);
        var measured = estimates.Where(e => e.Value is not null).ToList();
        if (measured.Count == 0)
        {
            return [.. list.OrderBy(c => c.Cell.MemoryMb).ThenBy(c => c.Cell.Id, StringComparer.Ordinal)];
        }

        var baselineRate = list.FirstOrDefault(c => c.Cell.IsBaseline) is { } current ? ErrorRate(current, stages) : 1;
        // A cell failing more often than the current configuration is cheap because failures end early: it sets no tie band.
        var reliable = measured.Where(e => ErrorRate(e.Key, stages) <= baselineRate).ToList();
        var leader = (reliable.Count > 0 ? reliable : measured).MinBy(e => e.Value!.Value.Primary).Key;
        var tieLimit = estimates[leader]!.Value.Primary * (1 + goals.PrimaryMargin);
        // A speed (or balanced) tie goes to the cheaper cell, so widening the tie by uncertainty costs nothing when wrong;
        // a cost tie goes to the faster — dearer per millisecond — cell, which the confirmation then cannot back
        // (decision simulation, cold-heavy/cost: 80.6% right on point estimates, 59.7% with the interval): cost ties stay
        // on point estimates.
        var widen = goals.Objective.Strategy != ObjectiveStrategy.Cost;
        var tied = measured
            .Where(e => e.Value!.Value.Primary <= tieLimit
                || (widen && !(goals.Primary(e.Key, leader, stages, StagePlanner.TieConfidence)?.IsHigherBeyond(goals.PrimaryMargin) ?? false)))
            .Select(e => e.Key)
            .ToHashSet();
        return
        [
            .. list.OrderBy(c => estimates[c] is null ? 2 : tied.Contains(c) ? 0 : 1)
                .ThenBy(c => estimates[c] is { } e ? (tied.Contains(c) ? e.Secondary : e.Primary) : double.MaxValue)
                .ThenBy(c => c.Cell.MemoryMb)
                .ThenBy(c => c.Cell.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>Point estimates of the primary and secondary figures (null for failing cells), scaled by the best of each.</summary>
    internal static Dictionary<CellObservations, (double Primary, double Secondary)?> Estimates(Goals goals, List<CellObservations> list, Func<int, bool> stages)
    {
        // Each figure once per cell: on Hodges–Lehmann it is an O(n² log n) pseudo-median.
        var figures = list.ToDictionary(c => c, c => (Cost: goals.Mean(c, DecisionGoal.Cost, stages), Duration: goals.Mean(c, DecisionGoal.Duration, stages)));
        var costs = figures.Values.Select(f => f.Cost).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        var durations = figures.Values.Select(f => f.Duration).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        var scale = (Cost: costs > 0 ? costs : 1, Duration: durations > 0 ? durations : 1);
        return list.ToDictionary(c => c, c => IsFailing(c, stages) ? null : goals.Estimates(figures[c].Cost, figures[c].Duration, scale));
    }

    /// <summary>
    /// The confirmation's third arm, or null. When the challenger won a tie on the secondary figure but is not shown
    /// within the margin of the best primary estimate (on a <see cref="StagePlanner.TieConfidence"/> interval), the next
    /// cell of the tie band: if the challenger is in the band by noise alone, the next is the one the tie rule goes to
    /// (decision simulation, drift/cost: 1,024 MB in the band by noise and not confirmed, the rival 256 MB — the
    /// cheapest, twice as slow as the optimum 512 MB — won 6 of 7 wrong runs; with the next cell as rival 93 → 97% right,
    /// cpu-multi/cost 97 → 100%, cpu-single/cost 95 → 97%, 100 runs each). Otherwise the candidate with the best primary
    /// estimate when that is not the challenger (only the best shows whether the current configuration is beyond the
    /// margin of the best); else the best on the primary figure of the candidates better than the challenger on the
    /// secondary one (the challenger may have left a tie by noise). Cells failing more often than the current
    /// configuration are never the rival.
    /// </summary>
    public static CellObservations? Rival(Goals goals, IReadOnlyList<CellObservations> candidates, CellObservations baseline, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(goals);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count < 2)
        {
            return null;
        }

        var challenger = candidates[0];
        var estimates = Estimates(goals, [.. candidates], stages);
        if (estimates[challenger] is not { } own)
        {
            return null;
        }

        var baselineRate = ErrorRate(baseline, stages);
        var others = candidates.Skip(1).Where(c => estimates[c] is not null && ErrorRate(c, stages) <= baselineRate).ToList();
        var leader = others.Where(c => estimates[c]!.Value.Primary < own.Primary).MinBy(c => estimates[c]!.Value.Primary);
        if (leader is not null && candidates.Count > 2 && estimates[candidates[1]] is { } next
            && ErrorRate(candidates[1], stages) <= baselineRate
            && next.Primary <= estimates[leader]!.Value.Primary * (1 + goals.PrimaryMargin)
            && goals.Primary(challenger, leader, stages, StagePlanner.TieConfidence)?.IsNotHigherThan(goals.PrimaryMargin) != true)
        {
            return candidates[1];
        }

        return leader ?? others.Where(c => estimates[c]!.Value.Secondary < own.Secondary).MinBy(c => estimates[c]!.Value.Primary);
    }

    /// <summary>
    /// True when <paramref name="cell"/> fails significantly more often than <paramref name="baseline"/> (the Wilson
    /// intervals do not overlap): a cheaper cell that fails more is never a better configuration, with or without
    /// <c>maxErrorRate</c> (a failed invocation ends early and is billed less).
    /// </summary>
    public static bool FailsMoreThan(CellObservations cell, CellObservations baseline, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(baseline);
        return cell.ErrorsIn(stages) > 0 && baseline.MeasuredIn(stages) > 0
            && cell.ErrorRateInterval(stages).Low > baseline.ErrorRateInterval(stages).High;
    }

    /// <summary>Observed share of failed measured invocations (0 when none was measured).</summary>
    internal static double ErrorRate(CellObservations cell, Func<int, bool> stages) =>
        cell.MeasuredIn(stages) == 0 ? 0 : (double)cell.ErrorsIn(stages) / cell.MeasuredIn(stages);

    internal static bool IsFailing(CellObservations cell, Func<int, bool> stages) =>
        cell.MeasuredIn(stages) == 0 || cell.ErrorsIn(stages) == cell.MeasuredIn(stages);

    /// <summary>
    /// The leaders within the margin of the best primary estimate and shown within the margin of every live cell (on an
    /// <see cref="StagePlanner.EliminationConfidence"/> interval): only they may drop a cell for being tied and worse on
    /// the secondary figure. Ties are not transitive — 512 MB tied with and slower than 1,024 MB, 1,024 MB tied with and
    /// slower than 1,769 MB, 1,769 MB dearer than 512 MB beyond the margin — and a chain of pairwise drops would empty
    /// the tie set (decision simulation, cpu-multi/cost, exhaustive, quiet host: 62% of runs kept with nothing left).
    /// </summary>
    internal static HashSet<CellObservations> TieSet(Goals goals, List<CellObservations> leaders, IReadOnlyList<CellObservations> live, double baselineRate, Func<int, bool> stages)
    {
        var estimates = Estimates(goals, leaders, stages);
        var measured = leaders.Where(c => estimates[c] is not null && ErrorRate(c, stages) <= baselineRate).ToList();
        if (measured.Count == 0)
        {
            return [];
        }

        var best = measured.Min(c => estimates[c]!.Value.Primary);
        var reliable = live.Where(c => !IsFailing(c, stages) && ErrorRate(c, stages) <= baselineRate).ToList();
        // A leader drops a tied cell only when it is itself shown within the margin of every live cell: one inside the
        // band by noise alone would take a cell of the true tie set with it, and leave the band later (decision
        // simulation, cpu-single/cost at ceiling 200: 512 MB dropped at 5 samples as "tied with 1,024 MB and slower",
        // then 1,024 MB out of the band, so the cheaper and twice as slow 256 MB won).
        return [.. measured.Where(c => estimates[c]!.Value.Primary <= best * (1 + goals.PrimaryMargin)
            && reliable.All(other => ReferenceEquals(other, c) || goals.Primary(c, other, stages, StagePlanner.EliminationConfidence)?.IsNotHigherThan(goals.PrimaryMargin) == true))];
    }

    /// <summary>Why a leader beats <paramref name="cell"/> beyond the margin with confidence, or null.</summary>
    internal static string? Beaten(Goals goals, CellObservations cell, List<CellObservations> leaders, HashSet<CellObservations> tieDroppers, Func<int, bool> stages)
    {
        foreach (var leader in leaders)
        {
            if (ReferenceEquals(leader, cell))
            {
                continue;
            }

            var primary = goals.Primary(cell, leader, stages, StagePlanner.EliminationConfidence);
            if (primary is null)
            {
                continue;
            }

            if (primary.IsHigherBeyond(goals.PrimaryMargin))
            {
                return Invariant($"{goals.PrimaryName} {Goals.Describe(primary)} than {leader.Cell.Id}, beyond the {goals.PrimaryMargin * 100:0.#}% margin");
            }

            if (!tieDroppers.Contains(leader))
            {
                continue;
            }

            var back = goals.Primary(leader, cell, stages, StagePlanner.EliminationConfidence);
            var secondary = goals.Secondary(cell, leader, stages, StagePlanner.EliminationConfidence);
            if (back is not null && secondary is not null && back.IsNotHigherThan(goals.PrimaryMargin) && secondary.IsHigherBeyond(goals.SecondaryMargin))
            {
                return Invariant($"tied with {leader.Cell.Id} on {goals.PrimaryName} (within {goals.PrimaryMargin * 100:0.#}%), {goals.SecondaryName} {Goals.Describe(secondary)}");
            }
        }

        return null;
    }
}
