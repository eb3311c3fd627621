using Tuner.Core.Objectives;

namespace Tuner.Core.Decisions;

/// <summary>
/// How one target's recommendation was reached: the margins, the production cold-start share, every stage (and which
/// cells dropped, when and why), the A/A check, the confirmation, the outcome and one sentence of reason that can be
/// checked against the figures shown. <see cref="MeasuredInvocations"/> counts the samples decisions used,
/// <see cref="TotalInvocations"/> every invocation (warm-ups and cold starts too), <see cref="ExhaustiveInvocations"/>
/// what measuring every cell to the ceiling would have taken.
/// </summary>
public sealed record TargetDecision(
    RecommendationAction Action,
    string ChosenCellId,
    string Reason,
    double CostMargin,
    double DurationMargin,
    double ColdStartShare,
    string Measure,
    IReadOnlyList<StageRecord> Stages,
    StabilityCheck? Stability,
    ConfirmationResult? Confirmation,
    IReadOnlyList<string> ChallengerConstraints,
    IReadOnlyList<string> BaselineConstraints,
    int MeasuredInvocations,
    int TotalInvocations,
    int ExhaustiveInvocations,
    string? Statistic = null)
{
    /// <summary>What the decision compared (<see cref="Statistic"/>, named by <see cref="DecisionStatistics.Name"/>; null in older reports: ratios of means).</summary>
    public DecisionStatistic DecidedOn() => DecisionStatistics.FromName(Statistic);

    /// <summary>The compared figures in words: "typical" (Hodges–Lehmann) or "mean".</summary>
    public string FigureWord() => DecidedOn().FigureWord();
}
