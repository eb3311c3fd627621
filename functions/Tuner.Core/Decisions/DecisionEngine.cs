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
    /// The confidence a decision after <paramref name="looks"/> confirmation stages uses: 1 − 5% / looks (Bonferroni),
    /// so extending an inconclusive confirmation and looking again does not raise the false-switch rate above 5% (the
    /// decision simulation, exhaustive strategy, all-equal: 5.2% false switches at 95% on every look).
    /// </summary>
    public static double ConfidenceAfter(int looks) => 1 - ((1 - DecisionConfidence) / Math.Max(1, looks));

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

        var challenger = observations[challengerId];
        var stage = confirmationStage.Number;
        var confirmationStages = StagePlanner.Confirmations(history);
        Func<int, bool> confirmed = confirmationStages.Contains;
        var confidence = ConfidenceAfter(confirmationStages.Count);
        var challengerVerdict = Constraints.Judge(objective, challenger, everything);
        var confirmation = new ConfirmationResult(
            stage,
            challengerId,
            baseline.Cell.Id,
            challenger.MeasuredIn(confirmed),
            baseline.MeasuredIn(confirmed),
            challenger.RoundMeans(Decisions.DecisionGoal.Cost, confirmed).Keys.Count(baseline.RoundMeans(Decisions.DecisionGoal.Cost, confirmed).ContainsKey),
            goals.PairedPrimary(challenger, baseline, confirmed, confidence),
            goals.PairedSecondary(challenger, baseline, confirmed, confidence),
            goals.Paired(Decisions.DecisionGoal.Cost, challenger, baseline, confirmed, confidence),
            goals.Paired(Decisions.DecisionGoal.Duration, challenger, baseline, confirmed, confidence),
            P95(challenger, confirmed),
            P95(baseline, confirmed));
        var stability = Stability(goals, baseline, StagePlanner.BeforeConfirmation(history), confirmed);

        TargetDecision Result(RecommendationAction action, string reason) =>
            Build(context, history, observations, action, action == RecommendationAction.Switch ? challengerId : baseline.Cell.Id, reason, stability, confirmation, challengerVerdict.Reasons, baselineVerdict.Reasons);

        if (challengerVerdict.Violates)
        {
            return Result(RecommendationAction.KeepCurrent, Invariant($"the best candidate {challengerId} violates a constraint: {string.Join("; ", challengerVerdict.Reasons)}"));
        }

        if (StagePlanner.FailsMoreThan(challenger, baseline, everything))
        {
            return Result(RecommendationAction.KeepCurrent, Invariant($"the best candidate {challengerId} fails more often than the current configuration ({challenger.Errors} of {challenger.Measured} invocations against {baseline.Errors} of {baseline.Measured})"));
        }

        if (baselineVerdict.Violates)
        {
            return Result(RecommendationAction.Switch, Invariant($"the current configuration violates a constraint ({string.Join("; ", baselineVerdict.Reasons)}); {challengerId} does not"));
        }

        if (confirmation.Primary is not { } primary)
        {
            return Result(RecommendationAction.KeepCurrent, Invariant($"{challengerId} could not be compared with the current configuration: the confirmation has fewer than 2 rounds in which both succeeded"));
        }

        var bar = stability.Unstable ? stability.Discrepancy : 0;
        var samples = Invariant($"{confirmation.ChallengerSamples} and {confirmation.BaselineSamples} fresh samples in {confirmation.Rounds} interleaved rounds");
        if (primary.Estimate < -goals.PrimaryMargin && primary.High < -bar && primary.High < 0)
        {
            return Result(RecommendationAction.Switch, Invariant($"{challengerId}: {goals.PrimaryName} {Goals.Describe(primary)} than the current configuration on {samples}, beyond the {goals.PrimaryMargin * 100:0.#}% margin{Backed(stability)}"));
        }

        var secondary = confirmation.Secondary;
        if (secondary is not null && primary.IsNotHigherThan(goals.PrimaryMargin)
            && secondary.Estimate < -goals.SecondaryMargin && secondary.High < -bar && secondary.High < 0)
        {
            return Result(RecommendationAction.Switch, Invariant($"{challengerId}: same {goals.PrimaryName} as the current configuration within the {goals.PrimaryMargin * 100:0.#}% margin ({Goals.Describe(primary)}) and {goals.SecondaryName} {Goals.Describe(secondary)}, on {samples}{Backed(stability)}"));
        }

        var why = Invariant($"{challengerId}, the best candidate, is not better beyond the margin on {samples}: {goals.PrimaryName} {Goals.Describe(primary)} (margin {goals.PrimaryMargin * 100:0.#}%)");
        if (secondary is not null)
        {
            why += Invariant($", {goals.SecondaryName} {Goals.Describe(secondary)} (margin {goals.SecondaryMargin * 100:0.#}%)");
        }

        if (stability.Unstable)
        {
            why += "; " + stability.Summary;
        }

        return Result(RecommendationAction.KeepCurrent, why);
    }

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

    private static string Backed(StabilityCheck stability) =>
        stability.Unstable ? Invariant($"; it exceeds the {stability.Discrepancy * 100:0.#}% instability the A/A check found") : string.Empty;

    private static StabilityCheck Stability(Goals goals, CellObservations baseline, Func<int, bool> before, Func<int, bool> confirmation)
    {
        var margin = goals.Objective.EffectiveEquivalence.Duration;
        var difference = RatioOfMeans.Independent(
            baseline.Values(Decisions.DecisionGoal.Duration, confirmation),
            baseline.Values(Decisions.DecisionGoal.Duration, before),
            StabilityConfidence);
        if (difference is null)
        {
            return new StabilityCheck(baseline.Cell.Id, null, false, 0, "A/A check not possible: the current configuration has fewer than 2 successful samples in a slot");
        }

        var unstable = difference.IsHigherBeyond(margin) || difference.IsLowerBeyond(margin);
        var summary = unstable
            ? Invariant($"measurements were unstable: the current configuration's mean duration in the confirmation was {Goals.Describe(difference)} than in the earlier stages, beyond the {margin * 100:0.#}% margin")
            : Invariant($"A/A check passed: the current configuration's mean duration in the confirmation was {Goals.Describe(difference)} than in the earlier stages (margin {margin * 100:0.#}%)");
        return new StabilityCheck(baseline.Cell.Id, difference, unstable, unstable ? Math.Abs(difference.Estimate) : 0, summary);
    }

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
            context.Cells.Count * context.Policy.Ceiling);
    }
}
