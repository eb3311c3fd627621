using System.Globalization;
using System.Text;
using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Reports.Trends;
using static System.FormattableString;

namespace Tuner.Reports;

/// <summary>
/// The wording of a report for people, shared by report.html and the terminal (<c>tuner report</c>,
/// <c>tuner history</c>, the <c>tuner run</c> summary) so they say the same thing: configuration names, the one-sentence
/// recommendation, how the decision was made (stages, A/A check, confirmation), the week-to-week status and money.
/// </summary>
public static class ReportText
{
    /// <summary>"1024 MB · batch 25 · 4 parallel" (other knobs as NAME=value).</summary>
    public static string Configuration(CellReport cell) => CellConfig.Full(cell);

    /// <summary>The non-memory part: "batch 25 · 4 parallel", "as deployed" when the cell sets no knob.</summary>
    public static string Knobs(CellReport cell) => CellConfig.Knobs(cell);

    /// <summary>The recommended configuration's name, or "none".</summary>
    public static string RecommendedConfiguration(TargetReport target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var rec = target.Recommendation;
        var cell = TrendAnalyzer.RecommendedCell(target);
        return cell is not null ? CellConfig.Full(cell) : rec is not null ? CellConfig.Full(rec) : "none";
    }

    /// <summary>A trend entry's metric for people: "baseline.p95DurationMs" → "current: p95 duration (ms)".</summary>
    public static string TrendFigure(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var (subject, key, found) = TrendMetric.Split(metric);
        var who = subject switch
        {
            TrendMetric.Baseline => "current: ",
            TrendMetric.Recommended => "recommended: ",
            _ => string.Empty,
        };
        return found is { } m ? who + m.Label + " (" + m.Unit + ")" : who + key;
    }

    /// <summary>Where a run measured: "AWS us-east-1", "local, Lambda limits enforced" or "local, limits NOT enforced".</summary>
    public static string MeasuredOn(RunMetadata run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Mode == RunMode.Aws ? $"AWS {run.Region}" : run.LimitsEnforced ? "local, Lambda limits enforced" : "local, limits NOT enforced";
    }

    /// <summary>Items written per second of handler time, when the target reports items.</summary>
    public static double? ItemsPerSecond(CellReport cell) => TrendMetric.ItemsPerSecond(cell);

    /// <summary>USD for people: "$3.47", "−$0.0012".</summary>
    public static string Usd(decimal value) => Html.Usd.Format(value);

    /// <summary>The recommendation in one sentence, with savings in percent, per million invocations and per month when known.</summary>
    public static string Recommendation(TargetReport target) => RecommendationWithVerdict(target).Sentence;

    /// <summary>The week-to-week status line: compared with which run, first run, or previous report unverifiable.</summary>
    public static string TrendStatus(TuningReport report) => TrendStatusWithClass(report).Text;

    /// <summary>
    /// How the decision was made, for a terminal: the reason, one line per stage, the A/A check, the confirmation's
    /// figures and the invocations measured against the exhaustive grid.
    /// </summary>
    public static IReadOnlyList<string> DecisionLines(TargetDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var lines = new List<string> { "Why: " + DecisionReason(decision) };
        if (decision.Measure == "cold")
        {
            lines.Add("Decided on cold starts: " + ColdMeasure);
        }

        lines.AddRange(decision.Stages.Select(StageLine));
        if (decision.Stability is { } stability)
        {
            lines.Add(ComparisonText.Stability(stability, decision.DurationMargin, decision.FigureWord()));
        }

        if (decision.Confirmation is { } confirmation)
        {
            lines.Add(ComparisonText.Confirmation(confirmation));
        }

        lines.Add("margins " + Margins(decision) + "; " + ColdStartShare(decision));
        lines.Add(Invocations(decision));
        return lines;
    }

    /// <summary>What cold mode measures and decides on, in the report and on the terminal.</summary>
    public const string ColdMeasure =
        "cold starts only: every measured invocation went to a version of its own, never invoked before, so it ran in a new execution environment; latency is INIT + handler, costs include the billed INIT";

    /// <summary>
    /// The decision's reason as a sentence with one full stop. A leading word is capitalised ("The current
    /// configuration …"), a leading cell id is not ("t0-m512-b25-p4: cost 38.2% lower …").
    /// </summary>
    public static string DecisionReason(TargetDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var reason = decision.Reason.Trim().TrimEnd('.');
        if (reason.Length == 0)
        {
            return "No reason recorded.";
        }

        var firstWord = reason.Split([' ', ':', ',', ';'], 2)[0];
        return (firstWord.All(char.IsAsciiLetterLower) ? char.ToUpperInvariant(reason[0]) + reason[1..] : reason) + ".";
    }

    /// <summary>"first pass", "narrowing", "confirmation".</summary>
    public static string StageKindName(StageKind kind) => kind switch
    {
        StageKind.FirstPass => "first pass",
        StageKind.Narrowing => "narrowing",
        _ => "confirmation",
    };

    /// <summary>
    /// One stage in one line: "stage 2 narrowing: 12 cells × 8 samples, 20 dropped"; the confirmation names its two
    /// cells and counts fresh samples per side: "stage 5 confirmation: t0-m512-b25-p4 vs t0-baseline × 50 fresh samples, 1 dropped".
    /// </summary>
    public static string StageLine(StageRecord stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var head = Invariant($"stage {stage.Number} {StageKindName(stage.Kind)}: ");
        var body = stage.Kind == StageKind.Confirmation && stage.Challenger is { } challenger && stage.Baseline is { } baseline
            ? Invariant($"{challenger} vs {baseline} × {stage.TargetSamples} fresh samples")
            : Invariant($"{Plural(stage.Cells.Count, "cell")} × {Plural(stage.TargetSamples, "sample")}");
        var tail = stage.Dropped.Count == 0 ? string.Empty : Invariant($", {stage.Dropped.Count} dropped");
        return head + body + tail + Continued(stage);
    }

    /// <summary>", resumed once for cells that fell short" when a stage had to be resumed; empty otherwise.</summary>
    public static string Continued(StageRecord stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return stage.Continuations switch
        {
            0 => string.Empty,
            1 => ", resumed once for cells that fell short",
            var n => Invariant($", resumed {n} times for cells that fell short"),
        };
    }

    /// <summary>"cost 3%, duration 5%": the equivalence margins a difference has to exceed to count.</summary>
    public static string Margins(TargetDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return "cost " + Fraction(decision.CostMargin) + ", duration " + Fraction(decision.DurationMargin);
    }

    /// <summary>A share for people: 0.02 → "2%", 0.125 → "12.5%".</summary>
    public static string Fraction(double share) => Html.Usd.Percent(share * 100);

    /// <summary>
    /// "388 measured invocations (425 with warm-ups and cold starts) of the 1,550 an exhaustive grid would measure (25%)".
    /// </summary>
    public static string Invocations(TargetDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = Html.Usd.Count(decision.MeasuredInvocations) + " measured invocations";
        if (decision.TotalInvocations != decision.MeasuredInvocations)
        {
            text += " (" + Html.Usd.Count(decision.TotalInvocations) + " with warm-ups and cold starts)";
        }

        if (decision.ExhaustiveInvocations > 0)
        {
            text += " of the " + Html.Usd.Count(decision.ExhaustiveInvocations) + " an exhaustive grid would measure ("
                + Html.Usd.Percent(100.0 * decision.MeasuredInvocations / decision.ExhaustiveInvocations) + ")";
        }

        return text;
    }

    /// <summary>"production cold-start share 2%: a warm invocation plus 2% of what a cold start adds".</summary>
    public static string ColdStartShare(TargetDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Measure == "cold")
        {
            return "no production cold-start share: every measured invocation is a cold start";
        }

        return "production cold-start share " + Fraction(decision.ColdStartShare) + ": costs are a warm invocation plus " + Fraction(decision.ColdStartShare) + " of what a cold start adds";
    }

    /// <summary>What a quantile's missing interval means: "too few samples for a 95% interval (the p95 needs 72)".</summary>
    public static string TooFewSamples(double p) =>
        Invariant($"too few samples for a 95% interval (the p{p * 100:0.#} needs {Core.Statistics.Quantiles.MinimumForUpperBound(p)})");

    internal static (string Sentence, string Verdict) RecommendationWithVerdict(TargetReport target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var rec = target.Recommendation;
        var baseline = target.Baseline;
        var current = baseline is null ? "its current configuration" : CellConfig.Full(baseline);
        if (rec is null)
        {
            return ($"No recommendation for {target.Function}: no configuration produced a usable measurement, so keep {current} and look at the failed cells.", "failed");
        }

        if (rec.Action == RecommendationAction.KeepCurrent)
        {
            var why = string.IsNullOrWhiteSpace(rec.Reason) ? "no measured configuration is significantly better" : rec.Reason.TrimEnd('.');
            return ($"Keep {target.Function} at {current}: {why}.", "keep");
        }

        var s = rec.Savings;
        var sb = new StringBuilder();
        sb.Append("Switch ").Append(target.Function).Append(" from ").Append(current).Append(" to ").Append(RecommendedConfiguration(target)).Append(": ");
        if (s.CostPercent >= 0)
        {
            sb.Append(Html.Usd.Percent(s.CostPercent)).Append(" cheaper, saving ").Append(Html.Usd.Format(s.UsdPerMillionInvocations)).Append(" per million invocations");
        }
        else
        {
            sb.Append(Html.Usd.Percent(-s.CostPercent)).Append(" more expensive (").Append(Html.Usd.Format(-s.UsdPerMillionInvocations)).Append(" more per million invocations)");
        }

        if (s.UsdPerMonth is { } month && target.MonthlyInvocations is { } mi)
        {
            sb.Append(", about ").Append(Html.Usd.Format(Math.Abs(month))).Append(month >= 0 ? " a month" : " a month more").Append(" at ").Append(Html.Usd.Count(mi)).Append(" invocations a month");
        }

        if (s.P95ChangePercent is { } p95)
        {
            sb.Append(p95 <= 0 ? ", with p95 " + Html.Usd.Percent(-p95) + " faster" : ", with p95 " + Html.Usd.Percent(p95) + " slower");
        }

        sb.Append('.');
        return (sb.ToString(), "switch");
    }

    internal static (string Class, string Text) TrendStatusWithClass(TuningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Trend is { } trend)
        {
            return ("compared", $"Compared with run {trend.PreviousRunId} of {trend.PreviousFinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} (its signature was verified).");
        }

        var unverified = report.Alerts.FirstOrDefault(a => a.Metric == TrendAnalyzer.PreviousUnverifiedMetric);
        return unverified is not null
            ? ("unverified", "No comparison: " + unverified.Message)
            : ("first", $"First run of job {report.Run.Job}: there is no previous report to compare with yet. Next run's report will show the trend.");
    }

    internal static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
