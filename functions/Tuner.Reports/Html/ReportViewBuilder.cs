using System.Globalization;
using System.Text;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Statistics;
using Tuner.Reports.Charts;
using Tuner.Reports.Trends;
using static System.FormattableString;

namespace Tuner.Reports.Html;

/// <summary>Turns the report model into the template's view: all wording, number formatting and chart drawing happen here.</summary>
internal static class ReportViewBuilder
{
    private const string Dash = "—";

    /// <summary>A stage's dropped cells are listed openly up to this many, behind a disclosure beyond.</summary>
    private const int CollapseDroppedAbove = 3;

    /// <summary>The quantiles the cell table shows, each with its interval.</summary>
    private static readonly double[] Percentiles = [0.5, 0.95, 0.99];

    public static ReportView Build(TuningReport report, ReportSignature? signature, string css)
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
            BuildSignature(signature));
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

    /// <summary>Cold mode: the percentiles are the decided figures, cold latency (INIT + handler) of new environments.</summary>
    private static CellTableView ColdCellTable() => new(
        "Cold starts only (measure: cold): every measured invocation ran in a version of its own, in a new execution environment. Durations are cold latency in ms, INIT + handler, each with its 95% confidence interval underneath where n allows one; the cold-start columns show how many, their mean INIT and mean latency. Costs in USD per million invocations of a cold start, billed INIT included where Lambda bills it: compute + requests + DynamoDB writes.",
        true,
        "Total per cold start");

    private static CellTableView CellTable(List<CellReport> cells, bool coldProfiles)
    {
        if (!coldProfiles)
        {
            return new CellTableView("Durations in ms, each with its 95% confidence interval underneath. Costs in USD per million invocations: Lambda compute + requests + DynamoDB writes.", false, "Total");
        }

        var share = cells.Select(c => c.Cost.ColdStartShare).FirstOrDefault(s => s is not null);
        var at = share is { } s ? " (" + ReportText.Fraction(s) + ")" : string.Empty;

        var minimums = string.Join(", ", Percentiles.Select(p => Invariant($"p{p * 100:0} {Quantiles.MinimumForUpperBound(p)}")));
        return new CellTableView(
            $"Warm invocations only: durations in ms, each with its 95% confidence interval underneath, or “too few samples” where n is below what an interval needs ({minimums}). Cold starts are profiled apart: how many, their mean INIT and their mean latency (INIT + handler). Costs in USD per million invocations at the production cold-start share{at}: compute (cold-start extra included) + requests + DynamoDB writes; under the total, the same at 0% and at 10% cold starts.",
            true,
            share is { } t ? "Total at " + ReportText.Fraction(t) + " cold starts" : "Total");
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
            ? new StabilityView(aa.Unstable ? "unstable" : aa.Difference is null ? "none" : "passed", Capitalize(ReportText.StabilityVerdict(aa)), Capitalize(ReportText.StabilityFigure(aa, decision.DurationMargin, decision.FigureWord())))
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
                rows.Add(Comparison(decision.Statistic == TargetDecision.HodgesLehmann ? "typical cost per invocation" : "cost per invocation", cost, decision.CostMargin));
            }

            if (c.Duration is { } duration)
            {
                rows.Add(Comparison(decision.FigureWord() + " duration", duration, decision.DurationMargin));
            }

            confirmation = new ConfirmationView(c.Challenger, Config(c.Challenger), c.Baseline, Config(c.Baseline), ReportText.ConfirmationSamples(c), rows);
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
        var verdict = ReportText.Versus(d, margin);
        var verdictClass = d.IsLowerBeyond(margin) ? "better" : d.IsHigherBeyond(margin) ? "worse" : d.Low > -margin && d.High < margin ? "same" : "unclear";
        return new ComparisonRowView(
            figure,
            ReportText.Change(d.Estimate),
            ReportText.Interval(d),
            d.Paired ? $"paired, round by round ({d.CandidateSamples} and {d.ReferenceSamples} samples)" : $"independent samples ({d.CandidateSamples} and {d.ReferenceSamples})",
            verdict,
            verdictClass);
    }

    private static string PerMillion(decimal? perInvocation) => perInvocation is { } v ? Usd.Format(v * 1_000_000m) : Dash;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static CellRowView Row(CellReport c, Recommendation? rec, HashSet<string> front, CellReport? baseline, bool coldProfiles)
    {
        var st = c.Statistics;
        var d = st.Duration;
        var isBaseline = c.IsBaseline || c.CellId == baseline?.CellId;
        var isRec = c.CellId == rec?.CellId;
        var onFront = front.Contains(c.CellId) || c.OnParetoFront;
        var tags = new List<string>();
        if (isRec)
        {
            tags.Add("★ recommended");
        }

        if (isBaseline)
        {
            tags.Add("current");
        }

        if (onFront)
        {
            tags.Add("pareto");
        }

        if (d is null)
        {
            tags.Add("failed");
        }
        else if (!c.MeetsConstraints)
        {
            tags.Add("violates: " + string.Join("; ", c.ConstraintViolations));
        }

        var rowClass = string.Join(' ', new[] { isRec ? "recommended" : null, isBaseline ? "baseline" : null, d is null ? "failed" : null }.Where(x => x is not null));
        var w = st.Workload;
        var ips = TrendMetric.ItemsPerSecond(c);
        return new CellRowView(
            c.CellId,
            rowClass,
            tags.Count == 0 ? null : string.Join(" · ", tags),
            c.MemoryMb,
            CellConfig.Knobs(c),
            st.Count,
            d is null ? Dash : Svg.Number(d.P50),
            d is null ? Dash : Svg.Number(d.P95),
            d is null ? Dash : Svg.Number(d.P99),
            d is null ? null : Ci(d.P50Ci, 0.50),
            d is null ? null : Ci(d.P95Ci, 0.95),
            d is null ? null : Ci(d.P99Ci, 0.99),
            d is null ? string.Empty : Svg.Raw(d.P50),
            d is null ? string.Empty : Svg.Raw(d.P95),
            d is null ? string.Empty : Svg.Raw(d.P99),
            Usd.Format(c.Cost.ComputeUsd * 1_000_000m),
            Usd.Format(c.Cost.RequestsUsd * 1_000_000m),
            Usd.Format(c.Cost.DynamoDbUsd * 1_000_000m),
            Usd.Format(c.Cost.PerMillionInvocationsUsd),
            Svg.Raw((double)c.Cost.PerMillionInvocationsUsd),
            c.Cost.AtNoColdStartsUsd is { } none && c.Cost.AtTenPercentColdStartsUsd is { } ten ? new ColdShareCostsView(Usd.Format(none * 1_000_000m), Usd.Format(ten * 1_000_000m)) : null,
            coldProfiles,
            st.Errors == 0 ? "0" : $"{st.Errors} ({Usd.Percent(st.ErrorRate * 100)})",
            (c.ColdStart?.Count ?? (coldProfiles ? 0 : st.ColdStarts)).ToString(CultureInfo.InvariantCulture),
            c.ColdStart?.MeanInitMs is { } init ? Svg.Number(init) : Dash,
            c.ColdStart?.MeanLatencyMs is { } latency ? Svg.Number(latency) : Dash,
            st.MaxMemoryUsedMb.ToString(CultureInfo.InvariantCulture),
            ips is { } v ? Svg.Number(v) : Dash,
            w is null || (w.MeanThrottles is null && w.MeanRetries is null) ? Dash : $"{Opt(w.MeanThrottles)} / {Opt(w.MeanRetries)}",
            st.InvokeThrottles.ToString(CultureInfo.InvariantCulture));
    }

    private static string Opt(double? v) => v is { } x ? Svg.Number(x) : Dash;

    private static IntervalView Ci(ConfidenceInterval? ci, double p) => ci is null
        ? new IntervalView("too few samples", ReportText.TooFewSamples(p), "ci ci-none")
        : new IntervalView($"[{Svg.Number(ci.Low)}–{Svg.Number(ci.High)}]", "95% confidence interval", "ci");

    private static string Ms(double value) => Svg.Number(value) + " ms";

    private static string FailedReason(FailedCell f)
    {
        var what = f.Invocations == 0 ? "no invocation recorded" : $"{f.Errors} of {f.Invocations} invocations failed";
        return $"{f.ErrorType}: {what}" + (string.IsNullOrWhiteSpace(f.Message) ? "." : $" — {f.Message}");
    }

    private static TrendView BuildTrend(TuningReport report)
    {
        var (statusClass, statusText) = ReportText.TrendStatusWithClass(report);
        if (report.Trend is not { } trend)
        {
            return new TrendView(statusClass, statusText, []);
        }

        var previousRun = trend.PreviousRunId + " (" + trend.PreviousFinishedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")";
        var changes = (trend.Recommendations ?? []).GroupBy(r => r.Function, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Targets compared with the previous run, in the entries' order (reports older than the explicit
        // recommendation field have entries only).
        var functions = changes.Keys.Concat(trend.Entries.Select(e => e.Function)).Distinct(StringComparer.Ordinal).ToList();
        var targets = new List<TrendTargetView>();
        foreach (var function in functions)
        {
            var change = changes.GetValueOrDefault(function);
            var recText = change switch
            {
                null => "No recommendation comparison for this target.",
                { Previous: null } or { Current: null } => "No recommendation to compare (" + (change.Previous is null ? "run " + previousRun : "this run") + " had none).",
                { Changed: true } => $"Recommendation changed from {change.Previous} to {change.Current} since run {previousRun}.",
                _ => $"Recommendation unchanged since run {previousRun}: {change.Current}.",
            };
            var rows = new List<TrendRowView>();
            foreach (var e in trend.Entries.Where(e => e.Function == function))
            {
                var (subject, key, metric) = TrendMetric.Split(e.Metric);
                var unit = metric?.Unit ?? string.Empty;
                var worse = metric is null ? (bool?)null : e.ChangePct == 0 ? null : (e.ChangePct > 0) == metric.HigherIsWorse;
                rows.Add(new TrendRowView(
                    subject,
                    subject == TrendMetric.Baseline ? "current" : subject == TrendMetric.Recommended ? "recommended" : subject,
                    e.Metric,
                    metric?.Label ?? key,
                    TrendAnalyzer.Value(e.Previous, unit),
                    TrendAnalyzer.Value(e.Current, unit),
                    (e.ChangePct > 0 ? "+" : e.ChangePct < 0 ? "−" : "±") + Usd.Percent(Math.Abs(e.ChangePct)),
                    e.ChangePct > 0 ? "▲" : e.ChangePct < 0 ? "▼" : "=",
                    worse is null ? "same" : worse.Value ? "worse" : "better",
                    worse is null ? (metric is null ? string.Empty : "no change") : worse.Value ? "worse" : "better"));
            }

            targets.Add(new TrendTargetView(function, change?.Changed == true, recText, rows));
        }

        return new TrendView(statusClass, statusText, targets);
    }

    private static RunCostView BuildRunCost(TuningRunCost cost) => new(
        $"This tuning run cost about {Usd.Format(cost.MeasuredUsd)} ({Usd.Count(cost.Invocations)} invocations, {Usd.Count(cost.StateTransitions)} state transitions); the planner's upper bound was {Usd.Format(cost.EstimatedUpperBoundUsd)}.",
        [
            new("Lambda compute", Usd.Format(cost.LambdaComputeUsd)),
            new("Lambda requests", Usd.Format(cost.LambdaRequestsUsd)),
            new("DynamoDB writes", Usd.Format(cost.DynamoDbUsd)),
            new("Step Functions transitions", Usd.Format(cost.StepFunctionsUsd)),
            new("Total measured", Usd.Format(cost.MeasuredUsd)),
            new("Planned upper bound", Usd.Format(cost.EstimatedUpperBoundUsd)),
        ]);

    private static List<string> BuildMethod(TuningReport report)
    {
        var run = report.Run;
        var list = new List<string>();
        if (run.Mode == RunMode.Aws)
        {
            list.Add($"Measured on AWS Lambda in {run.Region}: real invocations of a published version per configuration; durations, billed durations and memory come from Lambda's REPORT lines.");
        }
        else if (run.LimitsEnforced)
        {
            list.Add("Measured locally on Tuner's Lambda emulator with Lambda-like limits enforced (CPU share proportional to memory, memory capped by cgroups). Figures are indicative; absolute durations differ from AWS.");
        }
        else
        {
            list.Add("Measured locally WITHOUT Lambda-like CPU/memory limits (no writable cgroups): memory size did not change CPU, so the memory comparison is not meaningful. Do not apply these numbers to AWS.");
        }

        var targetCells = report.Targets.Sum(t => TrendAnalyzer.FailureCounts(t).Total);
        list.Add($"{Plural(targetCells, "configuration")} across {Plural(report.Targets.Count, "function")}, {Usd.Count(report.TuningCost.Invocations)} invocations in total, run between {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} and {run.FinishedAt.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)}.");
        if (report.Targets.Any(t => t.Decision is not null))
        {
            list.Add(Invariant($"Measured in stages: a first pass over every cell with a few samples; narrowing stages that drop cells worse than a leading cell beyond the equivalence margin with {StagePlanner.EliminationConfidence * 100:0}% confidence (or that violate a constraint, or fit no budget) and double the survivors' samples; then a confirmation of the best candidate against the current configuration on fresh samples taken in interleaved rounds and compared round by round at {DecisionEngine.DecisionConfidence * 100:0}%. An A/A check compares the current configuration's two slots at {DecisionEngine.StabilityConfidence * 100:0}%; when they disagree, a switch must beat the disagreement too."));
            if (report.Targets.Any(t => t.Decision?.Measure == "cold"))
            {
                list.Add("Cold mode (measure: cold): the Planner published one version per cold sample, each differing by the TUNER_COLD_START variable (PublishVersion returns the last version when nothing changed, https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html, read 2026-12-01), and each was invoked once, without warm-up: every measured invocation ran in a new execution environment, and its figures (latency INIT + handler, cost with billed INIT) are the ones decided on.");
            }

            list.Add("Percentiles are Hyndman–Fan type 7 of warm invocations with distribution-free 95% confidence intervals, shown only where the sample is large enough for one. Cold starts are profiled apart and costs are priced at the production cold-start share: a warm invocation plus that share of what a cold start adds (billed INIT included where Lambda bills it).");
        }
        else
        {
            list.Add("Percentiles are Hyndman–Fan type 7 with distribution-free 95% confidence intervals; costs use the mean billed duration (failed invocations included, as Lambda bills them). A switch is recommended only when it beats the current configuration by more than its confidence interval.");
        }
        foreach (var p in report.Pricing)
        {
            list.Add($"Prices for {p.Region} {p.Architecture}: {Usd.Price(p.UsdPerGbSecond)} per GB-s, {Usd.Price(p.RequestsPerMillion.Usd)} per million requests, {Usd.Price(p.DynamoDbWriteRequestUnitsPerMillion.Usd)} per million DynamoDB write request units, {Usd.Price(p.StepFunctionsTransitionsPerThousand.Usd)} per thousand state transitions" + (p.InitBilled ? "; INIT is billed" : string.Empty) + $" (read {p.RequestsPerMillion.ReadOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {p.RequestsPerMillion.Source}).");
        }

        list.AddRange(report.Targets.Count == 1 ? [] : report.Warnings);
        if (run.ExecutionId is { } exec)
        {
            list.Add("Execution: " + exec);
        }

        return list;
    }

    private static SignatureView BuildSignature(ReportSignature? signature) => signature is null
        ? new SignatureView("report.json is signed; the signature, with its key id, is in report.sig.json next to it.", "see report.sig.json", "ECDSA_SHA_256 (ECDSA P-256 over SHA-256)", null)
        : new SignatureView(
            $"report.json was signed on {signature.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}; the signature is in report.sig.json next to it.",
            signature.KeyId,
            signature.Algorithm,
            signature.DigestSha256);

    private static string Plural(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
