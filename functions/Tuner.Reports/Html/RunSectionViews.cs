using System.Globalization;
using Tuner.Contracts;
using Tuner.Core.Decisions;
using Tuner.Core.Reports;
using Tuner.Reports.Trends;
using static System.FormattableString;
using static Tuner.Reports.Html.ReportViewBuilder;

namespace Tuner.Reports.Html;

/// <summary>The report's run-wide sections: the week-to-week trend, what the run cost, the method and the signature.</summary>
internal static class RunSectionViews
{
    internal static TrendView BuildTrend(TuningReport report)
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

    internal static RunCostView BuildRunCost(TuningRunCost cost) => new(
        $"This tuning run cost about {Usd.Format(cost.MeasuredUsd)} ({Usd.Count(cost.Invocations)} invocations, {Usd.Count(cost.StateTransitions)} state transitions); the planner's upper bound was {Usd.Format(cost.EstimatedUpperBoundUsd)}.",
        [
            new("Lambda compute", Usd.Format(cost.LambdaComputeUsd)),
            new("Lambda requests", Usd.Format(cost.LambdaRequestsUsd)),
            new("DynamoDB writes", Usd.Format(cost.DynamoDbUsd)),
            new("Step Functions transitions", Usd.Format(cost.StepFunctionsUsd)),
            new("Total measured", Usd.Format(cost.MeasuredUsd)),
            new("Planned upper bound", Usd.Format(cost.EstimatedUpperBoundUsd)),
        ]);

    internal static List<string> BuildMethod(TuningReport report)
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
                list.Add($"Cold mode (measure: cold): the Planner published one version per cold sample, each differing by the {TunerEnvironment.ColdStart.Variable} variable (PublishVersion returns the last version when nothing changed, https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html, read 2026-12-01), and each was invoked once, without warm-up: every measured invocation ran in a new execution environment, and its figures (latency INIT + handler, cost with billed INIT) are the ones decided on.");
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

    internal static SignatureView BuildSignature(ReportSignature? signature) => signature is null
        ? new SignatureView($"{BucketKeys.ReportFile} is signed; the signature, with its key id, is in {BucketKeys.SignatureFile} next to it.", $"see {BucketKeys.SignatureFile}", "ECDSA_SHA_256 (ECDSA P-256 over SHA-256)", null)
        : new SignatureView(
            $"{BucketKeys.ReportFile} was signed on {signature.SignedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}; the signature is in {BucketKeys.SignatureFile} next to it.",
            signature.KeyId,
            signature.Algorithm,
            signature.DigestSha256);
}
