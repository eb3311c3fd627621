using Tuner.Core.Objectives;
using Tuner.Core.Reports;

namespace Tuner.Cli.Output;

/// <summary>
/// What a machine needs from a report (the whole document is report.json itself): the run, per target the
/// recommendation and its savings, the regression alerts and the run compared with. Shared by <c>run</c>,
/// <c>report</c> and <c>history</c> <c>--json</c> (docs/schemas/).
/// </summary>
internal sealed record ReportSummaryJson(
    string RunId,
    string Job,
    string Mode,
    string Region,
    DateTimeOffset FinishedAt,
    string? PreviousRunId,
    IReadOnlyList<TargetSummaryJson> Targets,
    IReadOnlyList<AlertJson> Alerts,
    decimal MeasuredUsd,
    long Invocations)
{
    public static ReportSummaryJson From(TuningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReportSummaryJson(
            report.Run.RunId,
            report.Run.Job,
            report.Run.Mode == RunMode.Aws ? "aws" : "local",
            report.Run.Region,
            report.Run.FinishedAt,
            report.Trend?.PreviousRunId,
            [.. report.Targets.Select(TargetSummaryJson.From)],
            [.. report.Alerts.Select(a => new AlertJson(a.Function, a.Metric, a.Previous, a.Current, a.ChangePct, a.ThresholdPct, a.Message))],
            report.TuningCost.MeasuredUsd,
            report.TuningCost.Invocations);
    }
}

/// <summary>One target's answer: <c>action</c> is <c>switch</c>, <c>keepCurrent</c> or null (nothing could be measured).</summary>
internal sealed record TargetSummaryJson(
    string Function,
    string? Action,
    string? CellId,
    int? MemoryMb,
    int? BatchSize,
    int? Parallelism,
    IReadOnlyDictionary<string, string>? Env,
    double? CostPercent,
    decimal? UsdPerMillionInvocations,
    decimal? UsdPerMonth,
    double? P95ChangePercent,
    string? Reason)
{
    public static TargetSummaryJson From(TargetReport target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var r = target.Recommendation;
        return new TargetSummaryJson(
            target.Function,
            r is null ? null : r.Action == RecommendationAction.Switch ? "switch" : "keepCurrent",
            r?.CellId,
            r?.MemoryMb,
            r?.BatchSize,
            r?.Parallelism,
            r?.Env,
            r?.Savings.CostPercent,
            r?.Savings.UsdPerMillionInvocations,
            r?.Savings.UsdPerMonth,
            r?.Savings.P95ChangePercent,
            r?.Reason);
    }
}

/// <summary>A regression alert: the figure, its previous and current value, the change and threshold in percent.</summary>
internal sealed record AlertJson(string Function, string Metric, double Previous, double Current, double ChangePct, double ThresholdPct, string Message);
