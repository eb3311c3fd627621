using System.Globalization;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Core.Statistics;
using Tuner.Reports.Charts;
using Tuner.Reports.Trends;
using static System.FormattableString;
using static Tuner.Reports.Html.ReportViewBuilder;

namespace Tuner.Reports.Html;

/// <summary>The cell table of a target: its caption (warm, with cold-start profiles, or cold only) and one row per cell.</summary>
internal static class CellTableViews
{
    /// <summary>The quantiles the cell table shows, each with its interval.</summary>
    internal static readonly double[] Percentiles = [0.5, 0.95, 0.99];

    /// <summary>Cold mode: the percentiles are the decided figures, cold latency (INIT + handler) of new environments.</summary>
    internal static CellTableView ColdCellTable() => new(
        "Cold starts only (measure: cold): every measured invocation ran in a version of its own, in a new execution environment. Durations are cold latency in ms, INIT + handler, each with its 95% confidence interval underneath where n allows one; the cold-start columns show how many, their mean INIT and mean latency. Costs in USD per million invocations of a cold start, billed INIT included where Lambda bills it: compute + requests + DynamoDB writes.",
        true,
        "Total per cold start");

    internal static CellTableView CellTable(List<CellReport> cells, bool coldProfiles)
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

    internal static CellRowView Row(CellReport c, Recommendation? rec, HashSet<string> front, CellReport? baseline, bool coldProfiles)
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

    internal static string Opt(double? v) => v is { } x ? Svg.Number(x) : Dash;

    internal static IntervalView Ci(ConfidenceInterval? ci, double p) => ci is null
        ? new IntervalView("too few samples", ReportText.TooFewSamples(p), "ci ci-none")
        : new IntervalView($"[{Svg.Number(ci.Low)}–{Svg.Number(ci.High)}]", "95% confidence interval", "ci");

    internal static string Ms(double value) => Svg.Number(value) + " ms";

    internal static string FailedReason(FailedCell f)
    {
        var what = f.Invocations == 0 ? "no invocation recorded" : $"{f.Errors} of {f.Invocations} invocations failed";
        return $"{f.ErrorType}: {what}" + (string.IsNullOrWhiteSpace(f.Message) ? "." : $" — {f.Message}");
    }
}
