using Tuner.Contracts;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Reports.Charts;

namespace Tuner.Reports.Trends;

/// <summary>
/// Compares a run with the previous run of the same job (<see cref="BucketKeys.Latest"/>) and raises regression
/// alerts. The caller verifies the previous report's signature first: an unverified previous report is never used
/// for figures, only reported as an alert. Alerts that need no history (error rate and configuration-failure rate
/// above the threshold) are raised on every run, the first one included.
/// </summary>
public static class TrendAnalyzer
{
    /// <summary>Alert metric raised when <c>latest.json</c> exists but its signature does not verify.</summary>
    public const string PreviousUnverifiedMetric = "previousReportUnverified";

    /// <summary>Alert metric for the share of a target's cells that produced no measurement, in percent.</summary>
    public const string ConfigurationFailureMetric = "configurationFailureRatePct";

    /// <summary>The <see cref="ReportAlert.Function"/> of job-wide alerts.</summary>
    public const string AllTargets = "*";

    public static TrendComparison Compare(TuningReport? previous, bool previousVerified, TuningReport current, AlertThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(thresholds);
        var alerts = new List<ReportAlert>();
        var trusted = previous is not null && previousVerified ? previous : null;
        if (previous is not null && !previousVerified)
        {
            alerts.Add(new ReportAlert(
                AllTargets,
                PreviousUnverifiedMetric,
                0,
                1,
                0,
                0,
                $"The previous report of job '{current.Run.Job}' (run {previous.Run.RunId}) failed signature verification: it was not used, so this run has no week-to-week comparison. Check who wrote {BucketKeys.Latest(current.Run.Job)}."));
        }

        var entries = new List<TrendEntry>();
        var recommendations = new List<RecommendationChange>();
        foreach (var target in current.Targets)
        {
            var prevTarget = trusted?.Targets.FirstOrDefault(t => string.Equals(t.Function, target.Function, StringComparison.Ordinal));
            AddFailureRateAlert(target, prevTarget, thresholds, alerts);

            var subjects = Subjects(target, prevTarget);
            foreach (var (subject, cell, prevCell) in subjects)
            {
                AddErrorRateAlert(target.Function, subject, cell, prevCell, thresholds, alerts);
            }

            if (prevTarget is null)
            {
                continue;
            }

            recommendations.Add(RecommendationChangeOf(target, prevTarget));
            foreach (var (subject, cell, prevCell) in subjects)
            {
                if (prevCell is null)
                {
                    continue;
                }

                foreach (var metric in TrendMetric.All)
                {
                    if (metric.Read(cell) is not { } now || metric.Read(prevCell) is not { } before)
                    {
                        continue;
                    }

                    var change = ChangePct(before, now);
                    entries.Add(new TrendEntry(target.Function, subject + "." + metric.Key, before, now, change));
                    if (metric.AlertThreshold?.Invoke(thresholds) is { } t && change > t)
                    {
                        alerts.Add(new ReportAlert(
                            target.Function,
                            subject + "." + metric.Key,
                            before,
                            now,
                            change,
                            t,
                            $"{target.Function}: {metric.Label} of the {SubjectLabel(subject)} ({CellConfig.Full(cell)}) rose {Svg.Number(change)}% week to week ({Value(before, metric.Unit)} → {Value(now, metric.Unit)}; threshold +{Svg.Number(t)}%)."));
                    }
                }
            }
        }

        var trend = trusted is null ? null : new TrendSection(trusted.Run.RunId, trusted.Run.FinishedAt, entries, recommendations);
        return new TrendComparison(trend, alerts);
    }

    internal static string SubjectLabel(string subject) => subject == TrendMetric.Baseline ? "current configuration" : "recommended configuration";

    internal static string Value(double value, string unit) => unit switch
    {
        "USD" => "$" + Svg.Number(value),
        "%" => Svg.Number(value) + "%",
        _ => Svg.Number(value) + " " + unit,
    };

    /// <summary>Relative change in percent; from zero it is 0 (no change) or 100 (appeared), never infinite (JSON has no infinity).</summary>
    internal static double ChangePct(double before, double now)
    {
        if (before == 0)
        {
            return now == 0 ? 0 : 100 * Math.Sign(now);
        }

        return Math.Round((now - before) / Math.Abs(before) * 100, 4);
    }

    private static List<(string Subject, CellReport Cell, CellReport? Previous)> Subjects(TargetReport target, TargetReport? prevTarget)
    {
        var list = new List<(string, CellReport, CellReport?)>();
        if (target.Baseline is { } baseline)
        {
            list.Add((TrendMetric.Baseline, baseline, prevTarget?.Baseline));
        }

        var rec = RecommendedCell(target);
        if (rec is not null && rec.CellId != target.Baseline?.CellId)
        {
            // The same configuration measured last week, else last week's recommendation.
            var prev = prevTarget?.Cells.FirstOrDefault(c => CellConfig.SameConfiguration(c, rec)) ?? (prevTarget is null ? null : RecommendedCell(prevTarget));
            list.Add((TrendMetric.Recommended, rec, prev));
        }

        return list;
    }

    internal static CellReport? RecommendedCell(TargetReport target) =>
        target.Recommendation is { } r ? target.Cells.FirstOrDefault(c => c.CellId == r.CellId) ?? (target.Baseline?.CellId == r.CellId ? target.Baseline : null) : null;

    /// <summary>
    /// Whether the recommended configuration (memory, batch size, parallelism, other knobs) differs from the previous
    /// run's; a target that had a recommendation in only one of the runs counts as changed.
    /// </summary>
    private static RecommendationChange RecommendationChangeOf(TargetReport target, TargetReport prevTarget)
    {
        var now = target.Recommendation is { } r ? CellConfig.Full(r) : null;
        var before = prevTarget.Recommendation is { } p ? CellConfig.Full(p) : null;
        return new RecommendationChange(target.Function, !string.Equals(before, now, StringComparison.Ordinal), before, now);
    }

    private static void AddFailureRateAlert(TargetReport target, TargetReport? prevTarget, AlertThresholds thresholds, List<ReportAlert> alerts)
    {
        var (failed, total) = FailureCounts(target);
        if (total == 0)
        {
            return;
        }

        var rate = failed * 100.0 / total;
        if (rate <= thresholds.ErrorRatePct)
        {
            return;
        }

        var (prevFailed, prevTotal) = prevTarget is null ? (0, 0) : FailureCounts(prevTarget);
        var prevRate = prevTotal == 0 ? 0 : prevFailed * 100.0 / prevTotal;
        alerts.Add(new ReportAlert(
            target.Function,
            ConfigurationFailureMetric,
            prevRate,
            rate,
            ChangePct(prevRate, rate),
            thresholds.ErrorRatePct,
            $"{target.Function}: {failed} of {total} configurations failed ({Svg.Number(rate)}%, threshold {Svg.Number(thresholds.ErrorRatePct)}%)."));
    }

    /// <summary>
    /// Failed and total configurations. The analyzer lists a failed cell both in <c>cells</c> (no duration) and in
    /// <c>failedCells</c>; count each cell id once.
    /// </summary>
    internal static (int Failed, int Total) FailureCounts(TargetReport target)
    {
        var all = new HashSet<string>(target.Cells.Select(c => c.CellId), StringComparer.Ordinal);
        var failed = new HashSet<string>(target.FailedCells.Select(f => f.CellId), StringComparer.Ordinal);
        failed.UnionWith(target.Cells.Where(c => c.Statistics.Duration is null).Select(c => c.CellId));
        all.UnionWith(failed);
        return (failed.Count, all.Count);
    }

    private static void AddErrorRateAlert(string function, string subject, CellReport cell, CellReport? prevCell, AlertThresholds thresholds, List<ReportAlert> alerts)
    {
        var rate = cell.Statistics.ErrorRate * 100;
        if (rate <= thresholds.ErrorRatePct)
        {
            return;
        }

        var prevRate = prevCell is null ? 0 : prevCell.Statistics.ErrorRate * 100;
        alerts.Add(new ReportAlert(
            function,
            subject + ".errorRatePct",
            prevRate,
            rate,
            ChangePct(prevRate, rate),
            thresholds.ErrorRatePct,
            $"{function}: error rate of the {SubjectLabel(subject)} ({CellConfig.Full(cell)}) is {Svg.Number(rate)}% ({cell.Statistics.Errors} of {cell.Statistics.Count} invocations; threshold {Svg.Number(thresholds.ErrorRatePct)}%)."));
    }
}
