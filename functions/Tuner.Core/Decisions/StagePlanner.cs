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
/// samples, interleaved rounds, as many as the budget leaves (<see cref="FirstLook"/>). The current configuration is
/// never dropped: it is what the confirmation compares with.
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
            else if (!cell.Cell.IsBaseline && CellRanking.FailsMoreThan(cell, baselineCell, earlier))
            {
                dropped.Add(new DroppedCell(id, nextNumber, Invariant($"fails more often than the current configuration: {cell.ErrorsIn(earlier)} of {cell.MeasuredIn(earlier)} invocations (95% interval {cell.ErrorRateInterval(earlier).Low:0.###}–{cell.ErrorRateInterval(earlier).High:0.###}) against {baselineCell.ErrorsIn(earlier)} of {baselineCell.MeasuredIn(earlier)}")));
            }
            else
            {
                live.Add(cell);
            }
        }

        var ranked = CellRanking.Rank(context, live, earlier);
        // A cell failing more often than the current configuration is cheap because failures end early: it leads nothing
        // (decision simulation, memory-floor-no-limit/cost: 1,024 MB, the optimum, dropped as "cost 16% higher than
        // t0-m640", a cell failing 20% of its invocations).
        var baselineRate = CellRanking.ErrorRate(baselineCell, earlier);
        var leaders = ranked.Where(c => !CellRanking.IsFailing(c, earlier) && CellRanking.ErrorRate(c, earlier) <= baselineRate).Take(Leaders).ToList();
        var tieDroppers = CellRanking.TieSet(context.Goals, leaders, ranked, baselineRate, earlier);
        foreach (var cell in ranked.ToList())
        {
            if (cell.Cell.IsBaseline)
            {
                continue;
            }

            if (CellRanking.Beaten(context.Goals, cell, leaders, tieDroppers, earlier) is { } reason)
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
        var arms = candidates.Count > 1 ? 3 : 2;
        var remaining = policy.Budget - used - (arms * policy.Confirm);
        if (candidates.Count == 1 || target <= last.TargetSamples || remaining <= 0)
        {
            return Confirmation(context, nextNumber, candidates, baseline, dropped, earlier, observations);
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
            return Confirmation(context, nextNumber, candidates, baseline, dropped, earlier, observations);
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
    /// Another confirmation round of the same pair when the pooled confirmation is inconclusive — it does not yet show a
    /// switch, but its intervals still allow one (better beyond the margin, or tied and better on the other goal) — and
    /// the budget has room for it: at most <see cref="MaxConfirmations"/> in all. A clear answer either way ends it.
    /// </summary>
    private static StageStep? ExtendConfirmation(TargetContext context, IReadOnlyList<StageRecord> history, IReadOnlyDictionary<string, CellObservations> observations, StageRecord last)
    {
        var confirmations = Confirmations(history);
        var policy = context.Policy;
        var used = observations.Values.Sum(o => o.Measured);
        if (confirmations.Count >= MaxConfirmations || last.Challenger is null || last.Baseline is null)
        {
            return null;
        }

        var baseline = observations[last.Baseline];
        var goals = context.Goals;
        var arms = Arms(last).Select(id => observations[id]).Where(a => !Constraints.Judge(goals.Objective, a, _ => true).Violates).ToList();
        if (arms.Count == 0 || Constraints.Judge(goals.Objective, baseline, _ => true).Violates)
        {
            return null;
        }

        Func<int, bool> pooled = confirmations.Contains;
        var verdict = ConfirmationJudge.Judge(goals, arms, baseline, pooled, DecisionEngine.ConfidenceAfter(confirmations.Count, Arms(last).Count), 0);
        if (verdict.Chosen is not null || !verdict.CanStillSwitch || used + (last.Cells.Count * policy.Confirm) > policy.Budget)
        {
            return null;
        }

        return new StageStep(
            last with { Number = last.Number + 1, Dropped = [], Continuations = 0 },
            [.. last.Cells.Select(id => new CellQuota(id, policy.Confirm, WarmUp: false))]);
    }

    /// <summary>The confirmation's arms compared with the current configuration: the challenger, then the rival if any.</summary>
    public static IReadOnlyList<string> Arms(StageRecord confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        return confirmation.Challenger is null ? [] : confirmation.Rival is { } rival ? [confirmation.Challenger, rival] : [confirmation.Challenger];
    }

    private static StageStep Confirmation(TargetContext context, int number, List<CellObservations> candidates, CellObservations baseline, List<DroppedCell> dropped, Func<int, bool> earlier, IReadOnlyDictionary<string, CellObservations> observations)
    {
        var challenger = candidates[0];
        var rival = CellRanking.Rival(context.Goals, candidates, baseline, earlier);
        var cells = rival is null ? new[] { challenger, baseline } : [challenger, rival, baseline];
        var spent = observations.Values.Sum(o => o.Invocations);
        var size = FirstLook(context, challenger, rival, baseline, earlier, spent, cells.Length);
        return new(
            new StageRecord(number, StageKind.Confirmation, [.. cells.Select(c => c.Cell.Id)], size, dropped, challenger.Cell.Id, baseline.Cell.Id, Rival: rival?.Cell.Id),
            [.. cells.Select(c => new CellQuota(c.Cell.Id, size, WarmUp: c.Invocations == 0))]);
    }

    /// <summary>
    /// Samples per side of the confirmation's first look: half of <see cref="SamplingPolicy.Confirm"/> (at least
    /// <see cref="SamplingPolicy.MinimumConfirm"/>) when the stages already answer it clearly — no rival, and the
    /// challenger better than the current configuration beyond the margin, or not better by the margin, on an
    /// <see cref="EliminationConfidence"/> interval. Else what the budget leaves after <paramref name="spent"/>
    /// invocations (warm-ups included, so the run's total stays within the budget), shared by the
    /// <paramref name="sides"/>, up to the ceiling and at least <see cref="SamplingPolicy.Confirm"/>: one look of many
    /// paired rounds decides a difference near the margin that three looks of 50 do not, at a lower corrected confidence
    /// (decision simulation, 300 runs, side by side: memory-floor/cost 96.7 → 99.0% right, memory-floor-no-limit 96.3 →
    /// 100%, drift 95.7 → 98.3%, cpu-single 97.7 → 98.0%, all-equal false switches 1.3%; the narrowing had left 10–13% of
    /// the grid unspent). An unclear half look is extended by whole ones while the budget allows.
    /// </summary>
    private static int FirstLook(TargetContext context, CellObservations challenger, CellObservations? rival, CellObservations baseline, Func<int, bool> earlier, int spent, int sides)
    {
        var policy = context.Policy;
        var whole = Math.Max(policy.Confirm, Math.Min(policy.Ceiling, (policy.Budget - spent) / sides));
        var half = Math.Max(SamplingPolicy.MinimumConfirm, (policy.Confirm + 1) / 2);
        if (rival is not null || half >= policy.Confirm || context.Goals.Primary(challenger, baseline, earlier, EliminationConfidence) is not { } primary)
        {
            return whole;
        }

        var margin = context.Goals.PrimaryMargin;
        return primary.IsLowerBeyond(margin) || primary.Low > -margin ? half : whole;
    }

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
