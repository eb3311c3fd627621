using Tuner.Core.Decisions;
using static System.FormattableString;

namespace Tuner.Reports;

/// <summary>
/// The wording of comparisons in a report (part of <see cref="ReportText"/>'s wording, shared by report.html and the
/// terminal): relative differences and their intervals against a margin, the A/A stability check and the paired confirmation.
/// </summary>
public static class ComparisonText
{
    /// <summary>A relative difference's estimate, signed: "−38.2%", "+4.1%".</summary>
    public static string Change(double relative) => (relative > 0 ? "+" : relative < 0 ? "−" : "±") + Html.Usd.Percent(Math.Abs(relative) * 100);

    /// <summary>"95% interval −40.1% to −36.3%".</summary>
    public static string Interval(RelativeDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return Html.Usd.Percent(difference.Confidence * 100) + " interval " + Change(difference.Low) + " to " + Change(difference.High);
    }

    /// <summary>"−38.2% (95% interval −40.1% to −36.3%, paired)".</summary>
    public static string Difference(RelativeDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return Change(difference.Estimate) + " (" + Interval(difference) + (difference.Paired ? ", paired" : string.Empty) + ")";
    }

    /// <summary>
    /// A difference against its equivalence margin: "lower beyond the 3% margin", "higher beyond the 3% margin",
    /// "equivalent within ±3%" (the whole interval inside the margin) or "inconclusive" (the interval straddles it).
    /// </summary>
    public static string Versus(RelativeDifference difference, double margin)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return difference.IsLowerBeyond(margin) ? "lower beyond the " + ReportText.Fraction(margin) + " margin"
            : difference.IsHigherBeyond(margin) ? "higher beyond the " + ReportText.Fraction(margin) + " margin"
            : difference.Low > -margin && difference.High < margin ? "equivalent within ±" + ReportText.Fraction(margin)
            : "inconclusive at the " + ReportText.Fraction(margin) + " margin";
    }

    /// <summary>The A/A check's verdict in a word: "passed", "unstable", or "not possible" (too few samples in a slot).</summary>
    public static string StabilityVerdict(StabilityCheck stability)
    {
        ArgumentNullException.ThrowIfNull(stability);
        return stability.Unstable ? "unstable" : stability.Difference is null ? "not possible" : "passed";
    }

    /// <summary>
    /// The A/A check in one line: "A/A check passed: current mean duration −1.2% (99% interval −4.1% to +1.7%) in the
    /// confirmation against the earlier stages, within the 5% margin"; when unstable, the discrepancy a switch had to beat.
    /// </summary>
    public static string Stability(StabilityCheck stability, double durationMargin, string figure = "mean")
    {
        ArgumentNullException.ThrowIfNull(stability);
        return stability.Difference is null ? stability.Summary : "A/A check " + StabilityVerdict(stability) + ": " + StabilityFigure(stability, durationMargin, figure);
    }

    /// <summary>
    /// The A/A check's figure without the verdict: "current mean duration −1.2% (…) …, within the 5% margin" (<paramref name="figure"/>
    /// "typical" for decisions on Hodges–Lehmann shifts, <see cref="TargetDecision.FigureWord"/>).
    /// </summary>
    public static string StabilityFigure(StabilityCheck stability, double durationMargin, string figure = "mean")
    {
        ArgumentNullException.ThrowIfNull(stability);
        if (stability.Difference is not { } d)
        {
            return stability.Summary;
        }

        var line = "current " + figure + " duration " + Change(d.Estimate) + " (" + Interval(d) + ") in the confirmation against the earlier stages";
        return stability.Unstable
            ? line + ", beyond the " + ReportText.Fraction(durationMargin) + " margin; a switch had to beat the " + ReportText.Fraction(stability.Discrepancy) + " discrepancy"
            : line + ", within the " + ReportText.Fraction(durationMargin) + " margin";
    }

    /// <summary>"50 and 50 fresh samples in 10 interleaved rounds, compared round by round".</summary>
    public static string ConfirmationSamples(ConfirmationResult confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var paired = confirmation.Cost?.Paired == true || confirmation.Duration?.Paired == true || confirmation.Primary?.Paired == true;
        return Invariant($"{confirmation.ChallengerSamples} and {confirmation.BaselineSamples} fresh samples in {ReportText.Plural(confirmation.Rounds, "interleaved round")}")
            + (paired ? ", compared round by round" : string.Empty);
    }

    /// <summary>
    /// The confirmation in one line: "confirmation: t0-m512-b25-p4 vs current t0-baseline on 50 and 50 fresh samples in 10
    /// interleaved rounds, compared round by round: cost −38.2% (95% interval …, paired), duration +4.1% (…)".
    /// </summary>
    public static string Confirmation(ConfirmationResult confirmation)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var figures = new List<string>();
        if (confirmation.Cost is { } cost)
        {
            figures.Add("cost " + Difference(cost));
        }

        if (confirmation.Duration is { } duration)
        {
            figures.Add("duration " + Difference(duration));
        }

        var text = Invariant($"confirmation: {confirmation.Challenger} vs current {confirmation.Baseline} on {ConfirmationSamples(confirmation)}");
        return text + (figures.Count == 0 ? ": no round in which both succeeded, nothing to compare" : ": " + string.Join(", ", figures));
    }
}
