using System.Globalization;
using System.Text;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Reports.Html;
using Tuner.Reports.Trends;

namespace Tuner.Reports;

/// <summary>
/// The wording of a report for people, shared by report.html and the terminal (<c>tuner report</c>,
/// <c>tuner history</c>) so both say the same thing: configuration names, the one-sentence recommendation,
/// the week-to-week status and money.
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
}
