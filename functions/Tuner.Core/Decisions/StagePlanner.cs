using Tuner.Core.Requests;
using static System.FormattableString;

namespace Tuner.Core.Decisions;

/// <summary>
/// Decides a target's next measurement stage from its samples so far (pure: the Narrow state calls it between stages,
/// the decision benchmark thousands of times a second). Stage 1 samples every cell <see cref="SamplingPolicy.FirstPass"/>
/// times. Each later stage first drops cells that cannot win — every invocation failed, a constraint violated on its
/// interval, or worse than one of the leading cells beyond the equivalence margin with
/// <see cref="EliminationConfidence"/> (on the primary figure, or tied on it and slower/dearer beyond the secondary
/// margin) — then doubles the survivors' samples up to the ceiling. When the next stage would not fit the budget, the
/// best-ranked survivors that fit go on (at least two). The confirmation follows when one candidate is left, every
/// survivor reached the ceiling, or the budget is spent: the best candidate and the current configuration, fresh
/// samples, interleaved rounds. The current configuration is never dropped: it is what the confirmation compares with.
/// </summary>
public static class StagePlanner
{
    /// <summary>Confidence of the intervals that drop a cell: high, because a wrongly dropped optimum is never seen again.</summary>
    public const double EliminationConfidence = 0.99;

    /// <summary>Confidence of the interval that decides whether a cell is tied with the best one when ranking.</summary>
    public const double TieConfidence = 0.8;

    /// <summary>Most confirmation stages of one pair (the first, and extensions while it is inconclusive).</summary>
    public const int MaxConfirmations = 3;

    /// <summary>A stage is resumed at most this often for cells that fell short of their samples.</summary>
    public const int MaxContinuations = 2;

    /// <summary>Each cell is compared with this many of the best-ranked cells when deciding whether to drop it.</summary>
    private const int Leaders = 3;

    public static StageStep Next(TargetContext context, IReadOnlyList<StageRecord> history, IReadOnlyDictionary<string, CellObservations> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(observations);
        var policy = context.Policy;
        if (history.Count == 0)
        {
            var ids = context.Cells.Select(c => c.Id).ToList();
            return new StageStep(
                new StageRecord(1, StageKind.FirstPass, ids, policy.FirstPass, []),
                [.. ids.Select(id => new CellQuota(id, policy.FirstPass, WarmUp: true))]);
        }

        var last = history[^1];
        var shortfall = Shortfall(last, observations, context);
        if (shortfall.Count > 0 && last.Continuations < MaxContinuations)
        {
            return new StageStep(last with { Continuations = last.Continuations + 1, Dropped = [] }, shortfall);
        }

        if (last.Kind == StageKind.Confirmation)
        {
            return ExtendConfirmation(context, history, observations, last) ?? StageStep.Finished;
        }

        var nextNumber = last.Number + 1;
        var earlier = BeforeConfirmation(history);
        var dropped = new List<DroppedCell>();
        var live = new List<CellObservations>();
        var baselineCell = observations[context.Baseline.Id];
        foreach (var id in last.Cells)
        {
            var cell = observations[id];
            var verdict = Constraints.Judge(context.Goals.Objective, cell, earlier);
            if (verdict.Violates && !cell.Cell.IsBaseline)
            {
                dropped.Add(new DroppedCell(id, nextNumber, string.Join("; ", verdict.Reasons)));
            }
            else if (!cell.Cell.IsBaseline && FailsMoreThan(cell, baselineCell, earlier))
            {
                dropped.Add(new DroppedCell(id, nextNumber, Invariant($"fails more often than the current configuration: {cell.ErrorsIn(earlier)} of {cell.MeasuredIn(earlier)} invocations (95% interval {cell.ErrorRateInterval(earlier).Low:0.###}–{cell.ErrorRateInterval(earlier).High:0.###}) against {baselineCell.ErrorsIn(earlier)} of {baselineCell.MeasuredIn(earlier)}")));
            }
            else
            {
                live.Add(cell);
            }
        }

        var ranked = Rank(context, live, earlier);
        var leaders = ranked.Where(c => !IsFailing(c, earlier)).Take(Leaders).ToList();
        foreach (var cell in ranked.ToList())
        {
            if (cell.Cell.IsBaseline)
            {
                continue;
            }

            var reason = Beaten(context.Goals, cell, leaders, earlier);
            if (reason is not null)
            {
                dropped.Add(new DroppedCell(cell.Cell.Id, nextNumber, reason));
                ranked.Remove(cell);
            }
        }

        var candidates = ranked.Where(c => !c.Cell.IsBaseline).ToList();
        var baseline = observations[context.Baseline.Id];
        if (candidates.Count == 0)
        {
            return StageStep.Finished;
        }

        var target = Math.Min(policy.Ceiling, last.TargetSamples * 2);
        var used = observations.Values.Sum(o => o.Measured);
        var remaining = policy.Budget - used - (2 * policy.Confirm);
        if (candidates.Count == 1 || target <= last.TargetSamples || remaining <= 0)
        {
            return Confirmation(nextNumber, candidates[0], baseline, dropped, policy);
        }

        // Keep the best-ranked candidates whose next samples fit the budget (the baseline's count too).
        var keep = new List<CellObservations>();
        var cost = Math.Max(0, target - baseline.MeasuredIn(earlier));
        foreach (var candidate in candidates)
        {
            var extra = Math.Max(0, target - candidate.MeasuredIn(earlier));
            if (cost + extra > remaining)
            {
                break;
            }

            cost += extra;
            keep.Add(candidate);
        }

        if (keep.Count < 2)
        {
            return Confirmation(nextNumber, candidates[0], baseline, dropped, policy);
        }

        for (var i = keep.Count; i < candidates.Count; i++)
        {
            dropped.Add(new DroppedCell(candidates[i].Cell.Id, nextNumber, Invariant($"budget: ranked {i + 1} of {candidates.Count} candidates, the next stage fits only the best {keep.Count}")));
        }

        var cells = keep.Prepend(baseline).ToList();
        return new StageStep(
            new StageRecord(nextNumber, StageKind.Narrowing, [.. cells.Select(c => c.Cell.Id)], target, dropped),
            [.. cells.Select(c => new CellQuota(c.Cell.Id, Math.Max(0, target - c.MeasuredIn(earlier)), WarmUp: c.Invocations == 0)).Where(q => q.Samples > 0)]);
    }

    /// <summary>Stages whose samples rank cells: all but the confirmations'.</summary>
    public static Func<int, bool> BeforeConfirmation(IReadOnlyList<StageRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var confirmations = history.Where(s => s.Kind == StageKind.Confirmation).Select(s => s.Number).ToHashSet();
        return confirmations.Count > 0 ? stage => !confirmations.Contains(stage) : _ => true;
    }

    /// <summary>The confirmation stages of the last challenger (a confirmation extended while inconclusive has several).</summary>
    public static IReadOnlySet<int> Confirmations(IReadOnlyList<StageRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var challenger = history.LastOrDefault(s => s.Kind == StageKind.Confirmation)?.Challenger;
        return history.Where(s => s.Kind == StageKind.Confirmation && s.Challenger == challenger).Select(s => s.Number).ToHashSet();
    }

    /// <summary>
    /// Live cells best first. The cells tied with the best primary figure — within the margin by point estimate, or
    /// (speed and balanced objectives) not shown to be worse beyond it by a <see cref="TieConfidence"/> interval: a few
    /// samples cannot tell a tie from a small difference — are ordered by the secondary figure; the rest follow by
    /// primary figure; unmeasured and failing cells last.
    /// </summary>
    public static List<CellObservations> Rank(TargetContext context, IEnumerable<CellObservations> cells, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(context);
        var goals = context.Goals;
        var list = cells.ToList();
        var costs = list.Select(c => goals.Mean(c, DecisionGoal.Cost, stages)).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        var durations = list.Select(c => goals.Mean(c, DecisionGoal.Duration, stages)).Where(double.IsFinite).DefaultIfEmpty(1).Min();
        var scale = (Cost: costs > 0 ? costs : 1, Duration: durations > 0 ? durations : 1);
        var estimates = list.ToDictionary(c => c, c => IsFailing(c, stages) ? null : goals.Estimates(c, stages, scale));
        var measured = estimates.Where(e => e.Value is not null).ToList();
        if (measured.Count == 0)
        {
            return [.. list.OrderBy(c => c.Cell.MemoryMb).ThenBy(c => c.Cell.Id, StringComparer.Ordinal)];
        }

        var leader = measured.MinBy(e => e.Value!.Value.Primary).Key;
        var tieLimit = estimates[leader]!.Value.Primary * (1 + goals.PrimaryMargin);
        // A speed (or balanced) tie goes to the cheaper cell, so widening the tie by uncertainty costs nothing when wrong;
        // a cost tie goes to the faster — dearer per millisecond — cell, which the confirmation then cannot back
        // (decision simulation, cold-heavy/cost: 80.6% right on point estimates, 59.7% with the interval): cost ties stay
        // on point estimates.
        var widen = goals.Objective.Strategy != ObjectiveStrategy.Cost;
        var tied = measured
            .Where(e => e.Value!.Value.Primary <= tieLimit
                || (widen && !(goals.Primary(e.Key, leader, stages, TieConfidence)?.IsHigherBeyond(goals.PrimaryMargin) ?? false)))
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

    private static bool IsFailing(CellObservations cell, Func<int, bool> stages) =>
        cell.MeasuredIn(stages) == 0 || cell.ErrorsIn(stages) == cell.MeasuredIn(stages);

    /// <summary>Why a leader beats <paramref name="cell"/> beyond the margin with confidence, or null.</summary>
    private static string? Beaten(Goals goals, CellObservations cell, List<CellObservations> leaders, Func<int, bool> stages)
    {
        foreach (var leader in leaders)
        {
            if (ReferenceEquals(leader, cell))
            {
                continue;
            }

            var primary = goals.Primary(cell, leader, stages, EliminationConfidence);
            if (primary is null)
            {
                continue;
            }

            if (primary.IsHigherBeyond(goals.PrimaryMargin))
            {
                return Invariant($"{goals.PrimaryName} {Goals.Describe(primary)} than {leader.Cell.Id}, beyond the {goals.PrimaryMargin * 100:0.#}% margin");
            }

            var back = goals.Primary(leader, cell, stages, EliminationConfidence);
            var secondary = goals.Secondary(cell, leader, stages, EliminationConfidence);
            if (back is not null && secondary is not null && back.IsNotHigherThan(goals.PrimaryMargin) && secondary.IsHigherBeyond(goals.SecondaryMargin))
            {
                return Invariant($"tied with {leader.Cell.Id} on {goals.PrimaryName} (within {goals.PrimaryMargin * 100:0.#}%), {goals.SecondaryName} {Goals.Describe(secondary)}");
            }
        }

        return null;
    }

    /// <summary>
    /// Another confirmation round of the same pair when the pooled confirmation is inconclusive — it does not yet show a
    /// switch, but its intervals still allow one (better beyond the margin, or tied and better on the other goal) — and
    /// the budget has room for it: at most <see cref="MaxConfirmations"/> in all. A clear answer either way ends it.
    /// </summary>
    private static StageStep? ExtendConfirmation(TargetContext context, IReadOnlyList<StageRecord> history, IReadOnlyDictionary<string, CellObservations> observations, StageRecord last)
    {
        var confirmations = Confirmations(history);
        var policy = context.Policy;
        var used = observations.Values.Sum(o => o.Measured);
        if (confirmations.Count >= MaxConfirmations || last.Challenger is null || last.Baseline is null || used + (2 * policy.Confirm) > policy.Budget)
        {
            return null;
        }

        var challenger = observations[last.Challenger];
        var baseline = observations[last.Baseline];
        var goals = context.Goals;
        Func<int, bool> pooled = confirmations.Contains;
        var confidence = DecisionEngine.ConfidenceAfter(confirmations.Count);
        var primary = goals.PairedPrimary(challenger, baseline, pooled, confidence);
        var secondary = goals.PairedSecondary(challenger, baseline, pooled, confidence);
        if (primary is null || Constraints.Judge(goals.Objective, challenger, _ => true).Violates || Constraints.Judge(goals.Objective, baseline, _ => true).Violates)
        {
            return null;
        }

        var switchNow = (primary.High < 0 && primary.Estimate < -goals.PrimaryMargin)
            || (secondary is not null && primary.High < goals.PrimaryMargin && secondary.High < 0 && secondary.Estimate < -goals.SecondaryMargin);
        var canStillSwitch = primary.Low < -goals.PrimaryMargin
            || (secondary is not null && primary.Low < goals.PrimaryMargin && secondary.Low < -goals.SecondaryMargin);
        if (switchNow || !canStillSwitch)
        {
            return null;
        }

        return new StageStep(
            last with { Number = last.Number + 1, Dropped = [], Continuations = 0 },
            [new CellQuota(last.Challenger, policy.Confirm, WarmUp: false), new CellQuota(last.Baseline, policy.Confirm, WarmUp: false)]);
    }

    private static StageStep Confirmation(int number, CellObservations challenger, CellObservations baseline, List<DroppedCell> dropped, SamplingPolicy policy) =>
        new(
            new StageRecord(number, StageKind.Confirmation, [challenger.Cell.Id, baseline.Cell.Id], policy.Confirm, dropped, challenger.Cell.Id, baseline.Cell.Id),
            [new CellQuota(challenger.Cell.Id, policy.Confirm, WarmUp: challenger.Invocations == 0), new CellQuota(baseline.Cell.Id, policy.Confirm, WarmUp: baseline.Invocations == 0)]);

    /// <summary>The measured samples each cell of <paramref name="stage"/> still lacks (failing cells are not chased).</summary>
    private static List<CellQuota> Shortfall(StageRecord stage, IReadOnlyDictionary<string, CellObservations> observations, TargetContext context)
    {
        var quotas = new List<CellQuota>();
        foreach (var id in stage.Cells)
        {
            var cell = observations[id];
            Func<int, bool> scope = stage.Kind == StageKind.Confirmation ? s => s == stage.Number : s => true;
            var have = cell.MeasuredIn(scope);
            if (have >= stage.TargetSamples || (have > 0 && cell.ErrorsIn(scope) == have) || (have == 0 && cell.Invocations >= context.Policy.Concurrency + stage.TargetSamples))
            {
                continue;
            }

            quotas.Add(new CellQuota(id, stage.TargetSamples - have, WarmUp: cell.Invocations == 0));
        }

        return quotas;
    }
}
