namespace Tuner.Core.Decisions;

/// <summary>
/// The statistic cells are compared on. <see cref="HodgesLehmann"/> (the default): the Hodges–Lehmann shift of the logs
/// — round by round for interleaved samples (Wilcoxon signed-rank interval), else all pairs (Mann–Whitney interval) — a
/// ratio of typical values that a few far invocations (an environment's warm-up pauses, which production's long-lived
/// environments leave behind) move by one rank instead of their size; for noise of the same shape on both sides it is
/// also the ratio of the means. <see cref="RatioOfMeans"/>: the ratio of means with t (paired) or Welch intervals, kept
/// for comparison in the decision benchmark (<c>decisions --means</c>).
/// </summary>
public enum DecisionStatistic
{
    HodgesLehmann,
    RatioOfMeans,
}

/// <summary>The one home of <see cref="DecisionStatistic"/>'s name in reports and its figures' word in report text.</summary>
public static class DecisionStatistics
{
    /// <summary>The report's <c>statistic</c> of a decision on <paramref name="statistic"/>.</summary>
    public static string Name(this DecisionStatistic statistic) => statistic == DecisionStatistic.HodgesLehmann ? "hodges-lehmann" : "ratio-of-means";

    /// <summary>The statistic a report's <c>statistic</c> names; reports before it was recorded decided on ratios of means.</summary>
    public static DecisionStatistic FromName(string? name) =>
        name == DecisionStatistic.HodgesLehmann.Name() ? DecisionStatistic.HodgesLehmann : DecisionStatistic.RatioOfMeans;

    /// <summary>The compared figures in words: "typical" (Hodges–Lehmann: exp of the pseudo-median of the logs) or "mean".</summary>
    public static string FigureWord(this DecisionStatistic statistic) => statistic == DecisionStatistic.HodgesLehmann ? "typical" : "mean";
}
