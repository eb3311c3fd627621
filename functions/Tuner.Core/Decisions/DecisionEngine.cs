using Tuner.Core.Objectives;
using static System.FormattableString;

namespace Tuner.Core.Decisions;

/// <summary>
/// The recommendation of one target from its staged samples. The challenger the stages left (the best-ranked
/// candidate) is compared with the current configuration on the confirmation's fresh samples, round by round, so
/// picking the best of many cells does not inflate the figures. It is recommended when its primary figure is lower
/// with <see cref="DecisionConfidence"/> and by more than the equivalence margin, or when it is tied on the primary
/// figure (not higher beyond the margin, with confidence) and lower on the secondary one in the same way. Constraints
/// are judged on intervals. When the current configuration's two slots (before and during the confirmation) disagree
/// beyond the duration margin (<see cref="StabilityCheck"/>), a switch must also beat the disagreement. Anything less
/// keeps the current configuration, with the reason.
/// </summary>
public static class DecisionEngine
{
    /// <summary>Confidence of the confirmation's intervals (one look).</summary>
    public const double DecisionConfidence = 0.95;

    /// <summary>
    /// The confidence a decision after <paramref name="looks"/> confirmation stages of <paramref name="arms"/> arms
    /// against the current configuration uses: 1 − 5% / (looks × arms) (Bonferroni), so extending an inconclusive
    /// confirmation, or confirming a rival beside the challenger, does not raise the false-switch rate above 5% (the
    /// decision simulation, exhaustive strategy, all-equal: 5.2% false switches at 95% on every look).
    /// </summary>
    public static double ConfidenceAfter(int looks, int arms = 1) => 1 - ((1 - DecisionConfidence) / (Math.Max(1, looks) * Math.Max(1, arms)));

    /// <summary>Confidence of the A/A check: it should flag real instability, not noise.</summary>
    public const double StabilityConfidence = 0.99;

    public static TargetDecision Decide(TargetContext context, IReadOnlyList<StageRecord> history, IReadOnlyDictionary<string, CellObservations> observations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(observations);
        var goals = context.Goals;
        var objective = goals.Objective;
        var baseline = observations[context.Baseline.Id];
        var everything = (Func<int, bool>)(_ => true);
        var baselineVerdict = Constraints.Judge(objective, baseline, everything);
        var confirmationStage = history.LastOrDefault(s => s.Kind == StageKind.Confirmation);
        if (confirmationStage?.Challenger is not { } challengerId)
        {
            var others = context.Cells.Count - 1;
            var reason = history.Count == 0 ? "no staged measurement was recorded, so no candidate was confirmed"
                : baselineVerdict.Violates ? Invariant($"no configuration meets the constraints: the current configuration: {string.Join("; ", baselineVerdict.Reasons)}; {DroppedSummary(history)}")
                : others == 0 ? "the current configuration is the only one measured"
                : Invariant($"none of the {others} other configurations is left to confirm: {DroppedSummary(history)}");
            return Build(context, history, observations, RecommendationAction.KeepCurrent, baseline.Cell.Id, reason, null, null, [], baselineVerdict.Reasons);
        }

        var stage = confirmationStage.Number;
        var confirmationStages = StagePlanner.Confirmations(history);
        Func<int, bool> confirmed = confirmationStages.Contains;
        var armIds = StagePlanner.Arms(confirmationStage);
        var confidence = ConfidenceAfter(confirmationStages.Count, armIds.Count);
        var stability = Stability(goals, baseline, observations[challengerId], StagePlanner.BeforeConfirmation(history), confirmed);
        var bar = stability.Unstable ? stability.Discrepancy : 0;

        // Arms that violate a constraint or fail more often than the current configuration are never recommended.
        var refused = new List<string>();
        var eligible = new List<CellObservations>();
        foreach (var armId in armIds)
        {
            var arm = observations[armId];
            var verdict = Constraints.Judge(objective, arm, everything);
            if (verdict.Violates)
            {
                refused.Add(Invariant($"{armId} violates a constraint: {string.Join("; ", verdict.Reasons)}"));
            }
            else if (CellRanking.FailsMoreThan(arm, baseline, everything))
            {
                refused.Add(Invariant($"{armId} fails more often than the current configuration ({arm.Errors} of {arm.Measured} invocations against {baseline.Errors} of {baseline.Measured})"));
            }
            else
            {
                eligible.Add(arm);
            }
        }

        var judged = eligible.Count == 0 ? null : ConfirmationJudge.Judge(goals, eligible, baseline, confirmed, confidence, bar);
        var shown = judged?.Chosen?.Arm ?? eligible.FirstOrDefault() ?? observations[challengerId];
        var confirmation = Confirmation(goals, stage, shown, baseline, confirmed, confidence, armIds.FirstOrDefault(a => a != shown.Cell.Id));
        var shownVerdict = Constraints.Judge(objective, shown, everything);

        TargetDecision Result(RecommendationAction action, string reason) =>
            Build(context, history, observations, action, action == RecommendationAction.Switch ? shown.Cell.Id : baseline.Cell.Id, reason, stability, confirmation, shownVerdict.Reasons, baselineVerdict.Reasons);

        if (judged is null)
        {
            return Result(RecommendationAction.KeepCurrent, "the best candidate" + (refused.Count > 1 ? "s: " : " ") + string.Join("; ", refused));
        }

        if (baselineVerdict.Violates)
        {
            return Result(RecommendationAction.Switch, Invariant($"the current configuration violates a constraint ({string.Join("; ", baselineVerdict.Reasons)}); {shown.Cell.Id} does not"));
        }

        if (confirmation.Primary is not { } primary)
        {
            return Result(RecommendationAction.KeepCurrent, Invariant($"{challengerId} could not be compared with the current configuration: the confirmation has fewer than 2 rounds in which both succeeded"));
        }

        var samples = Invariant($"{confirmation.ChallengerSamples} and {confirmation.BaselineSamples} fresh samples in {confirmation.Rounds} interleaved rounds");
        var id = shown.Cell.Id;
        var secondary = confirmation.Secondary;
        switch (judged.Route)
        {
            case ConfirmationRoute.Better:
                return Result(RecommendationAction.Switch, Invariant($"{id}: {goals.PrimaryName} {Goals.Describe(primary)} than the current configuration on {samples}, beyond the {goals.PrimaryMargin * 100:0.#}% margin{Backed(stability)}"));
            case ConfirmationRoute.TiedAndBetterOnSecondary:
                return Result(RecommendationAction.Switch, Invariant($"{id}: same {goals.PrimaryName} as the current configuration within the {goals.PrimaryMargin * 100:0.#}% margin ({Goals.Describe(primary)}) and {goals.SecondaryName} {Goals.Describe(secondary!)}, on {samples}{Backed(stability)}"));
            case ConfirmationRoute.WithinMarginOfBetter:
                var via = judged.Via!;
                var within = goals.PairedPrimary(shown, via.Arm, confirmed, confidence)!;
                return Result(RecommendationAction.Switch, Invariant($"{id}: the current configuration's {goals.PrimaryName} is beyond the {goals.PrimaryMargin * 100:0.#}% margin of {via.Arm.Cell.Id} ({via.Arm.Cell.Id} {Goals.Describe(via.Primary!)} than it), and {id} is within the margin of {via.Arm.Cell.Id} ({Goals.Describe(within)}) with {goals.SecondaryName} {Goals.Describe(goals.PairedSecondary(shown, via.Arm, confirmed, confidence)!)} than {via.Arm.Cell.Id}; {id} against the current configuration: {goals.PrimaryName} {Goals.Describe(primary)}, on {samples}{Backed(stability)}"));
        }

        var why = Invariant($"{challengerId}, the best candidate, is not better beyond the margin on {samples}: {goals.PrimaryName} {Goals.Describe(primary)} (margin {goals.PrimaryMargin * 100:0.#}%)");
        if (secondary is not null)
        {
            why += Invariant($", {goals.SecondaryName} {Goals.Describe(secondary)} (margin {goals.SecondaryMargin * 100:0.#}%)");
        }

        why += Resolution(goals.PrimaryMargin, primary, secondary, goals.SecondaryMargin, confirmation.ChallengerSamples);

        foreach (var other in judged.Arms.Where(a => a.Arm.Cell.Id != challengerId && a.Primary is not null))
        {
            why += Invariant($"; nor is {other.Arm.Cell.Id}: {goals.PrimaryName} {Goals.Describe(other.Primary!)}");
        }

        if (refused.Count > 0)
        {
            why += "; " + string.Join("; ", refused);
        }

        if (stability.Unstable)
        {
            why += "; " + stability.Summary;
        }

        return Result(RecommendationAction.KeepCurrent, why);
    }

    private static ConfirmationResult Confirmation(Goals goals, int stage, CellObservations arm, CellObservations baseline, Func<int, bool> confirmed, double confidence, string? rival) =>
        new(
            stage,
            arm.Cell.Id,
            baseline.Cell.Id,
            arm.MeasuredIn(confirmed),
            baseline.MeasuredIn(confirmed),
            arm.RoundMeans(Decisions.DecisionGoal.Cost, confirmed).Keys.Count(baseline.RoundMeans(Decisions.DecisionGoal.Cost, confirmed).ContainsKey),
            goals.PairedPrimary(arm, baseline, confirmed, confidence),
            goals.PairedSecondary(arm, baseline, confirmed, confidence),
            goals.Paired(Decisions.DecisionGoal.Cost, arm, baseline, confirmed, confidence),
            goals.Paired(Decisions.DecisionGoal.Duration, arm, baseline, confirmed, confidence),
            P95(arm, confirmed),
            P95(baseline, confirmed),
            rival);

    private static double? P95(CellObservations cell, Func<int, bool> stages)
    {
        var values = cell.Values(Decisions.DecisionGoal.Duration, stages);
        if (values.Length == 0)
        {
            return null;
        }

        Array.Sort(values);
        return Statistics.Quantiles.Type7(values, 0.95);
    }

    /// <summary>
    /// What the confirmation could resolve, for a keep-current reason (the half-width of an interval shrinks as 1/√n,
    /// so samples × (half-width / room)² per arm would have decided it):
    /// <list type="bullet">
    /// <item>the primary estimate is lower beyond the margin but the interval reaches zero: a switch needs the interval
    /// clear of zero, so the confirmation resolves only differences beyond the larger of the margin and the half-width;</item>
    /// <item>the other goal is lower beyond its margin and the primary estimate is within the margin: a tie needs the
    /// interval's upper end below the margin;</item>
    /// <item>otherwise the estimate is within the margin and nothing else decides: a tie at this resolution.</item>
    /// </list>
    /// </summary>
    public static string Resolution(double margin, RelativeDifference primary, RelativeDifference? secondary, double secondaryMargin, int samples)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var halfWidth = primary.HalfWidth;
        var lower = -primary.Estimate;
        string Needed(double room) => Invariant($"about {(int)Math.Ceiling(samples * Math.Pow(halfWidth / room, 2))} samples per arm (the request's confirmInvocations)");
        if (samples <= 0 || primary.Estimate >= margin)
        {
            return string.Empty;
        }

        if (lower > margin)
        {
            return Invariant($"; with this noise, {samples} samples per arm confirm only a difference beyond {Math.Max(margin, halfWidth) * 100:0.#}% (the margin, or the interval's half-width ±{halfWidth * 100:0.#}% if larger); confirming the estimated {lower * 100:0.#}% would take {Needed(lower)}");
        }

        if (secondary is { } other && other.Estimate < -secondaryMargin && other.High < 0)
        {
            return Invariant($"; the other goal is better, but a tie within the {margin * 100:0.#}% margin needs the interval's upper end below +{margin * 100:0.#}%: at ±{halfWidth * 100:0.#}% on {samples} samples per arm, showing it would take {Needed(margin - primary.Estimate)}");
        }

        return Invariant($"; the estimate is within the {margin * 100:0.#}% margin and the other goal does not decide: a tie at this resolution (±{halfWidth * 100:0.#}% on {samples} samples per arm)");
    }

    private static string Backed(StabilityCheck stability) =>
        stability.Unstable ? Invariant($"; it exceeds the {stability.Discrepancy * 100:0.#}% instability the A/A check found") : string.Empty;

    /// <summary>
    /// The A/A check. When the current configuration's two slots differ beyond the margin, the challenger's two slots
    /// say whether the host moved both alike (a drift, which the round-by-round confirmation cancels) or the current
    /// configuration alone: the discrepancy a switch has to beat is how far the two moved apart.
    /// </summary>
    private static StabilityCheck Stability(Goals goals, CellObservations baseline, CellObservations challenger, Func<int, bool> before, Func<int, bool> confirmation)
    {
        var margin = goals.Objective.EffectiveEquivalence.Duration;
        var difference = Shift(goals, baseline, before, confirmation, StabilityConfidence);
        if (difference is null)
        {
            return new StabilityCheck(baseline.Cell.Id, null, false, 0, "A/A check not possible: the current configuration has fewer than 2 successful samples in a slot");
        }

        var unstable = difference.IsHigherBeyond(margin) || difference.IsLowerBeyond(margin);
        if (!unstable)
        {
            return new StabilityCheck(baseline.Cell.Id, difference, false, 0, Invariant($"A/A check passed: the current configuration's {goals.FigureWord} duration in the confirmation was {Goals.Describe(difference)} than in the earlier stages (margin {margin * 100:0.#}%)"));
        }

        var summary = Invariant($"measurements were unstable: the current configuration's {goals.FigureWord} duration in the confirmation was {Goals.Describe(difference)} than in the earlier stages, beyond the {margin * 100:0.#}% margin");
        var discrepancy = Math.Abs(difference.Estimate);
        if (Shift(goals, challenger, before, confirmation, StabilityConfidence) is { } moved)
        {
            discrepancy = Math.Abs(((1 + difference.Estimate) / (1 + moved.Estimate)) - 1);
            summary += Invariant($"; {challenger.Cell.Id} moved {Goals.Change(moved.Estimate)} between the same slots, so {discrepancy * 100:0.#}% of it is not a drift both shared (the round-by-round confirmation cancels a shared one)");
        }

        return new StabilityCheck(baseline.Cell.Id, difference, true, discrepancy, summary);
    }

    private static RelativeDifference? Shift(Goals goals, CellObservations cell, Func<int, bool> before, Func<int, bool> confirmation, double confidence) =>
        goals.Independent(cell.Values(Decisions.DecisionGoal.Duration, confirmation), cell.Values(Decisions.DecisionGoal.Duration, before), confidence);

    private static string DroppedSummary(IReadOnlyList<StageRecord> history)
    {
        var dropped = history.SelectMany(s => s.Dropped).ToList();
        return dropped.Count == 0
            ? "nothing else was measured"
            : string.Join("; ", dropped.Take(3).Select(d => Invariant($"{d.CellId} ({d.Reason})"))) + (dropped.Count > 3 ? Invariant($"; and {dropped.Count - 3} more") : string.Empty);
    }

    private static TargetDecision Build(
        TargetContext context,
        IReadOnlyList<StageRecord> history,
        IReadOnlyDictionary<string, CellObservations> observations,
        RecommendationAction action,
        string chosen,
        string reason,
        StabilityCheck? stability,
        ConfirmationResult? confirmation,
        IReadOnlyList<string> challengerConstraints,
        IReadOnlyList<string> baselineConstraints)
    {
        var margins = context.Goals.Objective.EffectiveEquivalence;
        return new TargetDecision(
            action,
            chosen,
            reason,
            margins.Cost,
            margins.Duration,
            context.Goals.ColdStartShare,
            context.Policy.Mode.ToString().ToLowerInvariant(),
            history,
            stability,
            confirmation,
            challengerConstraints,
            baselineConstraints,
            observations.Values.Sum(o => o.Measured),
            observations.Values.Sum(o => o.Invocations),
            context.Cells.Count * context.Policy.Ceiling,
            context.Goals.Statistic.Name());
    }
}
