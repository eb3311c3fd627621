using System.Globalization;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Reports.Charts;
using Tuner.Reports.Trends;
using static Tuner.Reports.Html.CellTableViews;
using static Tuner.Reports.Html.RunSectionViews;

namespace Tuner.Reports.Html;

/// <summary>Turns the report model into the template's view: all wording, number formatting and chart drawing happen here.</summary>
internal static class ReportViewBuilder
{
    internal const string Dash = "—";

    /// <summary>A stage's dropped cells are listed openly up to this many, behind a disclosure beyond.</summary>
    private const int CollapseDroppedAbove = 3;

    public static ReportView Build(TuningReport report, ReportSignature? signature, string css, CleanupAddendum? cleanup = null)
    {
        var run = report.Run;
        var targets = report.Targets.Select((t, i) => BuildTarget(report, t, i)).ToList();
        var alerts = report.Alerts.Select(a => new AlertView(
            a.Metric == TrendAnalyzer.PreviousUnverifiedMetric ? "warning" : "critical",
            a.Metric == TrendAnalyzer.PreviousUnverifiedMetric ? "Integrity" : "Regression",
            a.Function == TrendAnalyzer.AllTargets ? "job " + run.Job : a.Function,
            a.Metric,
            a.Message.StartsWith(a.Function + ": ", StringComparison.Ordinal) ? a.Message[(a.Function.Length + 2)..] : a.Message)).ToList();
        var objective = report.Request.Objective;
        var objectiveText = objective.Strategy switch
        {
            ObjectiveStrategy.Cost => "lowest cost",
            ObjectiveStrategy.Speed => "lowest p95 duration",
            _ => $"balanced ({Svg.Number(objective.EffectiveWeight * 100)}% cost, {Svg.Number((1 - objective.EffectiveWeight) * 100)}% speed)",
        };
        if (objective.MaxP95Ms is { } maxP95)
        {
            objectiveText += $", p95 ≤ {Svg.Number(maxP95)} ms";
        }

        if (objective.MaxErrorRate is { } maxErr)
        {
            objectiveText += $", errors ≤ {Usd.Percent(maxErr * 100)}";
        }

        return new ReportView(
            report.SchemaVersion,
            $"Tuner report · {run.Job} · {run.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            $"Job {run.Job}: {Plural(report.Targets.Count, "function")} tuned",
            run.RunId,
            run.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            ReportText.MeasuredOn(run),
            objectiveText,
            css,
            "No regression alerts: every watched figure is within its threshold" + (report.Trend is null ? " (no previous run to compare with)." : "."),
            alerts,
            targets,
            BuildTrend(report),
            BuildRunCost(report.TuningCost),
            BuildMethod(report),
            BuildSignature(signature),
            CleanupViewBuilder.Build(cleanup));
    }

    private static TargetView BuildTarget(TuningReport report, TargetReport target, int index)
    {
        var anchor = "target-" + index.ToString(CultureInfo.InvariantCulture);
        var rec = target.Recommendation;
        var baseline = target.Baseline;
        var front = new HashSet<string>(target.ParetoFront, StringComparer.Ordinal);
        var cells = target.Cells.ToList();
        if (baseline is not null && cells.All(c => c.CellId != baseline.CellId))
        {
            cells.Insert(0, baseline);
        }

        // The chart: every cell with a duration.
        var points = cells.Where(c => c.Statistics.Duration is not null).Select(c => new ScatterPoint(
            c.CellId,
            CellConfig.Full(c),
            c.Statistics.Duration!.P95,
            (double)c.Cost.PerMillionInvocationsUsd,
            front.Contains(c.CellId) || c.OnParetoFront,
            c.IsBaseline || c.CellId == baseline?.CellId,
            c.CellId == rec?.CellId,
            $"{CellConfig.Full(c)}: p95 {Svg.Number(c.Statistics.Duration!.P95)} ms, {Usd.Format(c.Cost.PerMillionInvocationsUsd)} per 1M invocations")).ToList();
        var scatter = CostDurationChart.Render(anchor + "-scatter", points, "p95 duration (ms)", "USD per million invocations", $"{target.Function}: cost vs p95 duration of every cell");

        var bySpeed = report.Request.Objective.Strategy == ObjectiveStrategy.Speed;
        var heat = new List<HeatCell>();
        // The baseline usually repeats a matrix configuration: the heat map shows it once, as the current configuration.
        // By id: a report read from JSON holds the baseline twice (target.baseline and in cells), as equal but distinct records.
        foreach (var c in cells.Where(c => baseline is null || c.CellId == baseline.CellId || !CellConfig.SameConfiguration(c, baseline)))
        {
            double? value = bySpeed ? c.Statistics.Duration?.P95 : (double)c.Cost.PerMillionInvocationsUsd;
            var failed = c.Statistics.Duration is null;
            heat.Add(new HeatCell(
                c.CellId,
                c.MemoryMb,
                CellConfig.Knobs(c),
                failed ? null : value,
                failed,
                c.IsBaseline || c.CellId == baseline?.CellId,
                c.CellId == rec?.CellId,
                $"{CellConfig.Full(c)}: " + (failed ? "no successful invocation" : bySpeed ? $"p95 {Svg.Number(value!.Value)} ms" : $"{Usd.Format(value!.Value)} per 1M invocations")));
        }

        foreach (var f in target.FailedCells)
        {
            // Reports written before failed cells carried their configuration have no memory size to place them by.
            if (f.MemoryMb > 0 && heat.All(h => h.Id != f.CellId))
            {
                heat.Add(new HeatCell(f.CellId, f.MemoryMb, CellConfig.Knobs(f.BatchSize, f.Parallelism, f.Env), null, true, false, false, $"{CellConfig.Full(f)}: failed ({f.ErrorType})"));
            }
        }

        var heatLabel = bySpeed ? "p95 duration (ms)" : "USD per million invocations";
        var columnOrder = cells.OrderBy(c => c.BatchSize ?? 0).ThenBy(c => c.Parallelism ?? 0).ThenBy(CellConfig.Knobs, StringComparer.Ordinal)
            .Select(CellConfig.Knobs).Distinct().ToList();
        var heatmap = HeatMapChart.Render(anchor + "-heatmap", heat, heatLabel, $"{target.Function}: {heatLabel} by memory and batch configuration", columnOrder);

        var (sentence, verdict) = ReportText.RecommendationWithVerdict(target);
        var reasons = new List<string>();
        // A staged report states the reason once, prominently, in "How the decision was made".
        if (rec is not null && !string.IsNullOrWhiteSpace(rec.Reason) && target.Decision is null)
        {
            reasons.Add(rec.Reason);
        }

        if (rec?.BestCandidateCellId is { } best && rec.Action == RecommendationAction.KeepCurrent && best != rec.CellId)
        {
            var bc = cells.FirstOrDefault(c => c.CellId == best);
            reasons.Add("Best candidate measured: " + (bc is null ? best : CellConfig.Full(bc)) + ".");
        }

        var savings = rec?.Savings;
        var coldProfiles = cells.Any(c => c.ColdStart is not null);
        return new TargetView(
            target.Function,
            anchor,
            sentence,
            verdict,
            baseline is null ? "unknown" : CellConfig.Full(baseline),
            baseline is null ? Dash : Usd.Format(baseline.Cost.PerMillionInvocationsUsd),
            baseline?.Statistics.Duration is { } bd ? Ms(bd.P95) : Dash,
            ReportText.RecommendedConfiguration(target),
            rec is null ? Dash : Usd.Format(rec.ExpectedCostPerInvocationUsd * 1_000_000m),
            rec?.ExpectedP95Ms is { } rp ? Ms(rp) : Dash,
            savings is null ? Dash : savings.CostPercent >= 0 ? Usd.Percent(savings.CostPercent) + " cheaper" : Usd.Percent(-savings.CostPercent) + " more expensive",
            savings is null ? string.Empty : savings.CostPercent.ToString("R", CultureInfo.InvariantCulture),
            savings is null ? Dash : Usd.Format(savings.UsdPerMillionInvocations),
            savings?.UsdPerMonth is { } pm ? Usd.Format(pm) : null,
            target.MonthlyInvocations is { } mi ? Usd.Count(mi) : null,
            reasons,
            scatter,
            heatmap,
            (bySpeed ? "p95 duration in ms" : "Cost in USD per million invocations") + " for each memory size (rows) and batch configuration (columns). Lighter is lower; every cell prints its value, failed cells are hatched, ★ marks the recommendation and a dashed outline the current configuration.",
            target.FailedCells.Select(f => new FailedView(f.CellId, CellConfig.Full(f), FailedReason(f))).ToList(),
            target.Decision?.Measure == "cold" ? ColdCellTable() : CellTable(cells, coldProfiles),
            cells.Select(c => Row(c, rec, front, baseline, coldProfiles)).ToList(),
            target.Warnings.Concat(report.Targets.Count == 1 ? report.Warnings : []).ToList(),
            target.Decision is { } decision ? BuildDecision(report, target, decision, cells) : null);
    }

    private static DecisionView BuildDecision(TuningReport report, TargetReport target, TargetDecision decision, List<CellReport> cells)
    {
        var byId = cells.GroupBy(c => c.CellId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        string Config(string id) => byId.TryGetValue(id, out var c) ? CellConfig.Full(c)
            : target.FailedCells.FirstOrDefault(f => f.CellId == id) is { } f ? CellConfig.Full(f) : id;

        var facts = new List<LabelValue>
        {
            new("Measured", decision.Measure == "cold" ? ReportText.ColdMeasure : "warm invocations; cold starts profiled apart and priced at the production share"),
            new("Equivalence margins", ReportText.Margins(decision) + ": a smaller difference is treated as no difference"),
            decision.Measure == "cold"
                ? new("Production cold-start share", "not used: every figure is a cold start's")
                : new("Production cold-start share", ReportText.Fraction(decision.ColdStartShare) + " of invocations: a warm invocation plus that share of what a cold start adds"),
            new("Invocations", ReportText.Invocations(decision)),
        };

        var coldCosts = new List<ColdCostRowView>();
        void AddCost(string label, string? id)
        {
            if (id is not null && byId.TryGetValue(id, out var c) && coldCosts.All(r => r.Config != CellConfig.Full(c) || r.Label == label))
            {
                coldCosts.Add(new ColdCostRowView(label, CellConfig.Full(c), PerMillion(c.Cost.AtNoColdStartsUsd), Usd.Format(c.Cost.PerMillionInvocationsUsd), PerMillion(c.Cost.AtTenPercentColdStartsUsd)));
            }
        }

        var keep = decision.Action == RecommendationAction.KeepCurrent;
        AddCost(keep ? "Best candidate" : "Recommended", keep ? decision.Confirmation?.Challenger ?? target.Recommendation?.BestCandidateCellId : decision.ChosenCellId);
        AddCost(keep ? "Current (kept)" : "Current", target.Baseline?.CellId);

        var stages = decision.Stages.Select(stage => new StageView(
            stage.Number,
            ReportText.StageKindName(stage.Kind),
            stage.Kind switch { StageKind.FirstPass => "first-pass", StageKind.Narrowing => "narrowing", _ => "confirmation" },
            stage.Kind == StageKind.Confirmation && stage.Challenger is not null
                ? $"{stage.Cells.Count}: challenger and current"
                : stage.Cells.Count.ToString(CultureInfo.InvariantCulture),
            (stage.Kind == StageKind.Confirmation ? $"{stage.TargetSamples} fresh per side" : $"{stage.TargetSamples} per cell") + ReportText.Continued(stage),
            stage.Dropped.Count == 0 ? "none" : Plural(stage.Dropped.Count, "cell") + " dropped",
            stage.Dropped.Count > CollapseDroppedAbove,
            stage.Dropped.Select(d => new DroppedView(d.CellId, Config(d.CellId), d.Reason)).ToList())).ToList();

        StabilityView? stability = decision.Stability is { } aa
            ? new StabilityView(aa.Unstable ? "unstable" : aa.Difference is null ? "none" : "passed", Capitalize(ComparisonText.StabilityVerdict(aa)), Capitalize(ComparisonText.StabilityFigure(aa, decision.DurationMargin, decision.FigureWord())))
            : null;

        ConfirmationView? confirmation = null;
        if (decision.Confirmation is { } c)
        {
            var goals = new Goals(report.Request.Objective, decision.ColdStartShare);
            var rows = new List<ComparisonRowView>();
            if (c.Primary is { } primary && primary != c.Cost && primary != c.Duration)
            {
                rows.Add(Comparison(goals.PrimaryName + " (the objective)", primary, goals.PrimaryMargin));
            }

            if (c.Cost is { } cost)
            {
                rows.Add(Comparison(decision.DecidedOn() == DecisionStatistic.HodgesLehmann ? "typical cost per invocation" : "cost per invocation", cost, decision.CostMargin));
            }

            if (c.Duration is { } duration)
            {
                rows.Add(Comparison(decision.FigureWord() + " duration", duration, decision.DurationMargin));
            }

            confirmation = new ConfirmationView(c.Challenger, Config(c.Challenger), c.Baseline, Config(c.Baseline), ComparisonText.ConfirmationSamples(c), rows);
        }

        var constraints = decision.ChallengerConstraints.Select(x => "Best candidate: " + x)
            .Concat(decision.BaselineConstraints.Select(x => "Current configuration: " + x)).ToList();
        return new DecisionView(
            ReportText.DecisionReason(decision),
            decision.Action == RecommendationAction.Switch ? "switch" : "keep",
            facts,
            "at " + ReportText.Fraction(decision.ColdStartShare) + " (production)",
            coldCosts,
            stages,
            stability,
            confirmation,
            constraints);
    }

    private static ComparisonRowView Comparison(string figure, RelativeDifference d, double margin)
    {
        var verdict = ComparisonText.Versus(d, margin);
        var verdictClass = d.IsLowerBeyond(margin) ? "better" : d.IsHigherBeyond(margin) ? "worse" : d.Low > -margin && d.High < margin ? "same" : "unclear";
        return new ComparisonRowView(
            figure,
            ComparisonText.Change(d.Estimate),
            ComparisonText.Interval(d),
            d.Paired ? $"paired, round by round ({d.CandidateSamples} and {d.ReferenceSamples} samples)" : $"independent samples ({d.CandidateSamples} and {d.ReferenceSamples})",
            verdict,
            verdictClass);
    }

    internal static string PerMillion(decimal? perInvocation) => perInvocation is { } v ? Usd.Format(v * 1_000_000m) : Dash;

    internal static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    internal static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
