using Tuner.Core.Requests;
using Tuner.Core.Statistics;
using static System.FormattableString;

namespace Tuner.Core.Decisions;

/// <summary>
/// The objective as comparisons: the primary figure (cost, duration, or for balanced w × cost + (1 − w) × duration,
/// both relative) and the secondary one a tie on the primary goes to (cost ties go to the fastest, speed and
/// balanced ties to the cheapest), each with its equivalence margin. Figures are production figures: the measured
/// mean plus the production share of cold starts. A balanced difference is w × (cost difference) + (1 − w) ×
/// (duration difference), and its interval the same combination of the two intervals' ends (exact if the two move
/// together, wider otherwise).
/// </summary>
public sealed class Goals
{
    public Goals(Objective objective, double coldStartShare, DecisionStatistic statistic = DecisionStatistic.HodgesLehmann)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Objective = objective;
        Statistic = statistic;
        ColdStartShare = coldStartShare;
        var margins = objective.EffectiveEquivalence;
        Weight = objective.Strategy == ObjectiveStrategy.Balanced ? objective.EffectiveWeight : 0;
        (PrimaryMargin, SecondaryMargin) = objective.Strategy switch
        {
            ObjectiveStrategy.Speed => (margins.Duration, margins.Cost),
            ObjectiveStrategy.Balanced => ((Weight * margins.Cost) + ((1 - Weight) * margins.Duration), margins.Cost),
            _ => (margins.Cost, margins.Duration),
        };
    }

    public Objective Objective { get; }

    /// <summary>What a comparison of two cells estimates and how its interval is computed.</summary>
    public DecisionStatistic Statistic { get; }

    private bool Robust => Statistic == DecisionStatistic.HodgesLehmann;

    /// <summary>What the compared figures are, in words: "typical" (Hodges–Lehmann) or "mean".</summary>
    public string FigureWord => Statistic.FigureWord();

    public double ColdStartShare { get; }

    public double Weight { get; }

    public double PrimaryMargin { get; }

    public double SecondaryMargin { get; }

    /// <summary>The word for the primary figure ("cost", "duration", "balanced score").</summary>
    public string PrimaryName => Objective.Strategy switch
    {
        ObjectiveStrategy.Speed => "duration",
        ObjectiveStrategy.Balanced => "balanced score",
        _ => "cost",
    };

    public string SecondaryName => Objective.Strategy == ObjectiveStrategy.Cost ? "duration" : "cost";

    private DecisionGoal SecondaryGoal => Objective.Strategy == ObjectiveStrategy.Cost ? DecisionGoal.Duration : DecisionGoal.Cost;

    /// <summary>Primary figure of <paramref name="candidate"/> relative to <paramref name="reference"/>, samples independent.</summary>
    public RelativeDifference? Primary(CellObservations candidate, CellObservations reference, Func<int, bool> stages, double confidence) =>
        ByStrategy(goal => Independent(goal, candidate, reference, stages, confidence));

    public RelativeDifference? Secondary(CellObservations candidate, CellObservations reference, Func<int, bool> stages, double confidence) =>
        Independent(SecondaryGoal, candidate, reference, stages, confidence);

    /// <summary>Primary figure compared round by round within the stages <paramref name="stage"/> accepts (the confirmation).</summary>
    public RelativeDifference? PairedPrimary(CellObservations candidate, CellObservations reference, Func<int, bool> stage, double confidence) =>
        ByStrategy(goal => Paired(goal, candidate, reference, stage, confidence));

    public RelativeDifference? PairedSecondary(CellObservations candidate, CellObservations reference, Func<int, bool> stage, double confidence) =>
        Paired(SecondaryGoal, candidate, reference, stage, confidence);

    /// <summary>One goal round by round: only rounds in which both sides have a value count.</summary>
    public RelativeDifference? Paired(DecisionGoal goal, CellObservations candidate, CellObservations reference, Func<int, bool> stage, double confidence)
    {
        var c = candidate.RoundMeans(goal, stage);
        var r = reference.RoundMeans(goal, stage);
        var rounds = c.Keys.Where(r.ContainsKey).ToList();
        var cValues = rounds.Select(k => c[k]).ToArray();
        var rValues = rounds.Select(k => r[k]).ToArray();
        var cOffset = candidate.ProductionOffset(goal, ColdStartShare, Robust);
        var rOffset = reference.ProductionOffset(goal, ColdStartShare, Robust);
        var cSamples = candidate.Values(goal, stage).Length;
        var rSamples = reference.Values(goal, stage).Length;
        if (!Robust)
        {
            return RatioOfMeans.Paired(cValues, rValues, confidence, cOffset, rOffset, cSamples, rSamples);
        }

        var ratios = new double[rounds.Count];
        for (var i = 0; i < ratios.Length; i++)
        {
            var a = cValues[i] + cOffset;
            var b = rValues[i] + rOffset;
            if (a <= 0 || b <= 0)
            {
                return null;
            }

            ratios[i] = Math.Log(a / b);
        }

        // Too few rounds for a rank interval at this confidence (fewer than 6 at 95%): the paired t interval, as before.
        return HodgesLehmann.OneSample(ratios, confidence) is { } shift
            ? Relative(shift, confidence, paired: true, cSamples, rSamples)
            : RatioOfMeans.Paired(cValues, rValues, confidence, cOffset, rOffset, cSamples, rSamples);
    }

    private static RelativeDifference Relative(LocationEstimate shift, double confidence, bool paired, int candidateSamples, int referenceSamples) =>
        new(Math.Exp(shift.Estimate) - 1, Math.Exp(shift.Low) - 1, Math.Exp(shift.High) - 1, confidence, paired, candidateSamples, referenceSamples);

    private static double[]? Logs(double[] values, double offset)
    {
        var logs = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] + offset;
            if (v <= 0)
            {
                return null;
            }

            logs[i] = Math.Log(v);
        }

        return logs;
    }

    public RelativeDifference? Independent(DecisionGoal goal, CellObservations candidate, CellObservations reference, Func<int, bool> stages, double confidence)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        return Independent(
            candidate.Values(goal, stages),
            reference.Values(goal, stages),
            confidence,
            candidate.ProductionOffset(goal, ColdStartShare, Robust),
            reference.ProductionOffset(goal, ColdStartShare, Robust));
    }

    /// <summary>Two independent sets of values (each plus its offset) compared on <see cref="Statistic"/>.</summary>
    public RelativeDifference? Independent(double[] candidate, double[] reference, double confidence, double candidateOffset = 0, double referenceOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(reference);
        if (!Robust)
        {
            return RatioOfMeans.Independent(candidate, reference, confidence, candidateOffset, referenceOffset);
        }

        if (Logs(candidate, candidateOffset) is not { } cLogs || Logs(reference, referenceOffset) is not { } rLogs)
        {
            return null;
        }

        // Too few values for a rank interval at this confidence (fewer than 5 per side at 99%): the Welch interval, as before.
        return HodgesLehmann.TwoSample(cLogs, rLogs, confidence) is { } shift
            ? Relative(shift, confidence, paired: false, candidate.Length, reference.Length)
            : RatioOfMeans.Independent(candidate, reference, confidence, candidateOffset, referenceOffset);
    }

    /// <summary>A cell's primary and secondary figures from its cost and duration (<see cref="Mean"/>), for ranking: null where either is unmeasured.</summary>
    public (double Primary, double Secondary)? Estimates(double cost, double duration, (double Cost, double Duration) scale)
    {
        if (double.IsNaN(cost) || double.IsNaN(duration))
        {
            return null;
        }

        return Objective.Strategy switch
        {
            ObjectiveStrategy.Speed => (duration, cost),
            ObjectiveStrategy.Balanced => ((Weight * cost / scale.Cost) + ((1 - Weight) * duration / scale.Duration), cost),
            _ => (cost, duration),
        };
    }

    /// <summary>A cell's production figure of one goal over the accepted stages, on <see cref="Statistic"/>: the typical value (exp of the pseudo-median of the logs) or the mean; NaN when nothing was measured.</summary>
    public double Mean(CellObservations cell, DecisionGoal goal, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var values = cell.Values(goal, stages);
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var offset = cell.ProductionOffset(goal, ColdStartShare, Robust);
        return !Robust ? values.Average() + offset : Logs(values, offset) is { } logs ? Math.Exp(HodgesLehmann.PseudoMedian(logs)) : double.NaN;
    }

    /// <summary>"12.5% lower (95% interval 8.1% to 16.9% lower)".</summary>
    public static string Describe(RelativeDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return Invariant($"{Change(difference.Estimate)} ({difference.Confidence * 100:0.#}% interval {Signed(difference.Low)} to {Signed(difference.High)})");
    }

    /// <summary>"12.5% lower" / "3% higher".</summary>
    public static string Change(double relative) =>
        Invariant($"{Math.Abs(relative) * 100:0.#}% {(relative <= 0 ? "lower" : "higher")}");

    private static string Signed(double relative) => Invariant($"{relative * 100:+0.#;−0.#;0}%");

    /// <summary>The primary figure from a comparison of one goal: cost, duration, or both combined for balanced.</summary>
    private RelativeDifference? ByStrategy(Func<DecisionGoal, RelativeDifference?> compare) => Objective.Strategy switch
    {
        ObjectiveStrategy.Speed => compare(DecisionGoal.Duration),
        ObjectiveStrategy.Balanced => Combine(compare(DecisionGoal.Cost), compare(DecisionGoal.Duration)),
        _ => compare(DecisionGoal.Cost),
    };

    private RelativeDifference? Combine(RelativeDifference? cost, RelativeDifference? duration)
    {
        if (cost is null || duration is null)
        {
            return null;
        }

        var w = Weight;
        return new RelativeDifference(
            (w * cost.Estimate) + ((1 - w) * duration.Estimate),
            (w * cost.Low) + ((1 - w) * duration.Low),
            (w * cost.High) + ((1 - w) * duration.High),
            cost.Confidence,
            cost.Paired && duration.Paired,
            cost.CandidateSamples,
            cost.ReferenceSamples);
    }
}
