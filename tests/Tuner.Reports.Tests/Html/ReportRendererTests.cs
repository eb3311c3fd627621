using System.Globalization;
using System.Xml.Linq;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Reports.Tests.TestHelpers.Synthetic;
using Tuner.Reports.Tests.TestHelpers;
using Tuner.Reports.Trends;

namespace Tuner.Reports.Tests.Html;

public sealed class ReportRendererTests
{
    private static readonly DateTimeOffset LastWeek = new(2026, 11, 14, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RenderHtml_HowItWasMeasured_CitesTheAwsPricingPagesWithTheDateReadAndNoInternalFile()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());

        var html = ReportRenderer.RenderHtml(report);

        Assert.Contains("https://aws.amazon.com/lambda/pricing/", html, StringComparison.Ordinal);
        Assert.Contains("https://aws.amazon.com/dynamodb/pricing/on-demand/", html, StringComparison.Ordinal);
        Assert.Contains("https://aws.amazon.com/step-functions/pricing/", html, StringComparison.Ordinal);
        Assert.Contains("(read " + report.Pricing[0].RequestsPerMillion.ReadOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
        Assert.DoesNotContain(".md", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_NormalRun_ScatterHasEveryMeasuredCellAtItsValues()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var target = report.Targets[0];

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var points = doc.ById("target-0-scatter").WithClass("g", "point").ToList();
        var cells = target.Cells.ToList();
        Assert.Equal(cells.Count, points.Count);
        foreach (var cell in cells)
        {
            var point = Assert.Single(points, p => (string?)p.Attribute("data-cell") == cell.CellId);
            Assert.Equal(cell.Statistics.Duration!.P95, point.Num("data-x"), 9);
            Assert.Equal((double)cell.Cost.PerMillionInvocationsUsd, point.Num("data-y"), 9);
            Assert.Equal(target.ParetoFront.Contains(cell.CellId), point.HasClass("pareto"));
        }

        Assert.Equal(target.Baseline!.CellId, (string?)Assert.Single(points, p => p.HasClass("baseline")).Attribute("data-cell"));
        Assert.Equal(target.Recommendation!.CellId, (string?)Assert.Single(points, p => p.HasClass("recommended")).Attribute("data-cell"));
        Assert.Single(doc.ById("target-0-scatter").WithClass("polyline", "pareto-line"));
    }

    [Fact]
    public void RenderHtml_NormalRun_TableHasEveryCellWithPercentilesAndCost()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var target = report.Targets[0];

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var rows = doc.Descendants().Single(e => e.Name.LocalName == "table" && e.HasClass("cells"))
            .Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("data-cell") is not null).ToList();
        var cells = target.Cells.ToList();
        Assert.Equal(cells.Count, rows.Count);
        foreach (var cell in cells)
        {
            var row = Assert.Single(rows, r => (string?)r.Attribute("data-cell") == cell.CellId);
            var d = cell.Statistics.Duration!;
            Assert.Equal(d.P50, row.Num("data-p50"), 9);
            Assert.Equal(d.P95, row.Num("data-p95"), 9);
            Assert.Equal(d.P99, row.Num("data-p99"), 9);
            Assert.Equal((double)cell.Cost.PerMillionInvocationsUsd, row.Num("data-cost"), 9);
            Assert.Equal(cell.MemoryMb, (int)row.Num("data-memory"));
            var tds = row.Elements().Where(e => e.Name.LocalName == "td").Select(e => e.Text()).ToList();
            Assert.Equal(16, tds.Count);
            Assert.Contains("[", tds[3], StringComparison.Ordinal); // p50 carries its confidence interval
            Assert.Equal(cell.Statistics.MaxMemoryUsedMb.ToString(CultureInfo.InvariantCulture), tds[12]);
        }

        var recRow = Assert.Single(rows, r => r.HasClass("recommended"));
        Assert.Equal(target.Recommendation!.CellId, (string?)recRow.Attribute("data-cell"));
    }

    [Fact]
    public void RenderHtml_NormalRun_SentenceStatesSavingsPercentPerMillionAndPerMonth()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var rec = report.Targets[0].Recommendation!;

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var sentence = doc.Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("recommendation")).Text();
        Assert.Equal("switch", (string?)doc.Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("recommendation")).Attribute("data-verdict"));
        Assert.StartsWith("Switch orders-ingest from 1024 MB · batch 1 · 1 parallel to ", sentence, StringComparison.Ordinal);
        Assert.Contains(Math.Round(rec.Savings.CostPercent, 1).ToString("0.#", CultureInfo.InvariantCulture) + "% cheaper", sentence, StringComparison.Ordinal);
        Assert.Contains("$" + rec.Savings.UsdPerMillionInvocations.ToString("#,0.00", CultureInfo.InvariantCulture) + " per million invocations", sentence, StringComparison.Ordinal);
        Assert.Contains("$" + rec.Savings.UsdPerMonth!.Value.ToString("#,0.00", CultureInfo.InvariantCulture) + " a month at 30,000,000 invocations a month", sentence, StringComparison.Ordinal);
        var savings = doc.Descendants().Single(e => e.Attribute("data-savings-percent") is not null);
        Assert.Equal(rec.Savings.CostPercent, savings.Num("data-savings-percent"), 9);
    }

    [Fact]
    public void RenderHtml_NormalRun_HeatMapHasEveryCellValue()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var target = report.Targets[0];

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var heat = doc.ById("target-0-heatmap").WithClass("g", "heat-cell").Where(g => g.Attribute("data-cell") is not null).ToList();
        // The baseline (1024 MB, batch 1, 1 parallel) replaces the matrix cell of the same configuration.
        var cells = target.Cells.Where(c => c.CellId != "t0-m1024-b1-p1").ToList();
        Assert.Equal(cells.Count, heat.Count);
        foreach (var cell in cells)
        {
            var g = Assert.Single(heat, h => (string?)h.Attribute("data-cell") == cell.CellId);
            Assert.Equal((double)cell.Cost.PerMillionInvocationsUsd, g.Num("data-value"), 9);
            Assert.Equal(cell.MemoryMb, (int)g.Num("data-memory"));
        }

        Assert.Equal("t0-baseline", (string?)Assert.Single(heat, h => h.HasClass("baseline")).Attribute("data-cell"));

        // The heat map's rows are the memory sizes, in order.
        var rowLabels = doc.ById("target-0-heatmap").WithClass("text", "row-label").Select(t => t.Text()).ToList();
        Assert.Equal(["128 MB", "256 MB", "512 MB", "1024 MB", "1769 MB"], rowLabels);
    }

    [Fact]
    public void RenderHtml_NormalRun_IsSelfContainedWithAccessibleCharts()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());

        var html = ReportRenderer.RenderHtml(report);
        var doc = Xhtml.Parse(html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(http", html, StringComparison.OrdinalIgnoreCase);
        var srcOrHref = doc.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href").Select(a => a.Value).ToList();
        Assert.All(srcOrHref, v => Assert.StartsWith("#", v, StringComparison.Ordinal));
        foreach (var svg in doc.Descendants().Where(e => e.Name.LocalName == "svg"))
        {
            Assert.Equal("img", (string?)svg.Attribute("role"));
            var labelledBy = ((string?)svg.Attribute("aria-labelledby"))!.Split(' ');
            Assert.Equal("title", doc.ById(labelledBy[0]).Name.LocalName);
            Assert.Equal("desc", doc.ById(labelledBy[1]).Name.LocalName);
            Assert.False(string.IsNullOrWhiteSpace(doc.ById(labelledBy[1]).Value));
        }
    }

    [Fact]
    public void RenderHtml_FailedCells_ListsEachWithReasonAndHatchesItInHeatMap()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { FailedCells = 3 });
        var failed = report.Targets[0].FailedCells;

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Equal(3, failed.Count);
        var rows = doc.Descendants().Single(e => e.Name.LocalName == "table" && e.HasClass("failed-table"))
            .Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("data-cell") is not null).ToList();
        Assert.Equal(failed.Select(f => f.CellId), rows.Select(r => (string?)r.Attribute("data-cell")));
        Assert.All(rows, r => Assert.Contains("Runtime.OutOfMemory: 50 of 50 invocations failed", r.Text(), StringComparison.Ordinal));
        Assert.Contains("128 MB · batch 1 · 1 parallel", rows[0].Text(), StringComparison.Ordinal);
        var hatched = doc.ById("target-0-heatmap").WithClass("g", "failed").Select(g => (string?)g.Attribute("data-cell")).ToList();
        Assert.Equal(failed.Select(f => f.CellId).Order(), hatched.Order());
        Assert.DoesNotContain(doc.ById("target-0-scatter").WithClass("g", "point"), p => failed.Any(f => f.CellId == (string?)p.Attribute("data-cell")));
    }

    [Fact]
    public void RenderHtml_FirstRun_SaysNoHistoryAndShowsNoAlerts()
    {
        var current = SyntheticReport.Create(new SyntheticReportOptions());
        var (trend, alerts) = TrendAnalyzer.Compare(null, previousVerified: false, current, AlertThresholds.Default);
        var report = current with { Trend = trend, Alerts = alerts };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Null(trend);
        Assert.Empty(alerts);
        var status = doc.Descendants().Single(e => e.Attribute("data-status") is not null);
        Assert.Equal("first", (string?)status.Attribute("data-status"));
        Assert.Contains("First run of job orders-weekly", status.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "li" && e.HasClass("alert"));
        Assert.Contains("No regression alerts", doc.ById("alerts").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_Regressions_AlertsAtTopAndTrendRowsShowChanges()
    {
        var previous = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-prev", FinishedAt = LastWeek });
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 1.3, MemoryFactor = 1.5 });
        var (trend, alerts) = TrendAnalyzer.Compare(previous, previousVerified: true, current, AlertThresholds.Default);
        var report = current with { Trend = trend, Alerts = alerts };

        var html = ReportRenderer.RenderHtml(report);
        var doc = Xhtml.Parse(html);

        var alertItems = doc.Descendants().Where(e => e.Name.LocalName == "li" && e.HasClass("alert")).ToList();
        Assert.Equal(alerts.Count, alertItems.Count);
        Assert.Contains(alertItems, a => (string?)a.Attribute("data-metric") == "baseline.p95DurationMs");
        Assert.Contains(alertItems, a => (string?)a.Attribute("data-metric") == "baseline.maxMemoryUsedMb");
        Assert.True(html.IndexOf("id=\"alerts\"", StringComparison.Ordinal) < html.IndexOf("id=\"target-0\"", StringComparison.Ordinal), "alerts come before the first target");
        var status = doc.Descendants().Single(e => e.Attribute("data-status") is not null);
        Assert.Equal("compared", (string?)status.Attribute("data-status"));
        Assert.Contains("run-prev", status.Text(), StringComparison.Ordinal);
        var p95Row = doc.Descendants().Single(e => e.Name.LocalName == "tr" && (string?)e.Attribute("data-metric") == "baseline.p95DurationMs");
        Assert.True(p95Row.HasClass("worse"));
        Assert.Contains("+30%", p95Row.Text(), StringComparison.Ordinal);
        var recommendation = doc.ById("trend").Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("unchanged"));
        Assert.Equal("Recommendation unchanged since run run-prev (2026-11-14): 128 MB · batch 25 · 4 parallel.", recommendation.Value);
        Assert.DoesNotContain(doc.ById("trend").Descendants(), e => e.Name.LocalName == "p" && e.HasClass("changed"));
    }

    [Fact]
    public void RenderHtml_RecommendationMovedSincePreviousRun_SaysChangedFromTo()
    {
        var previous = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-prev", FinishedAt = LastWeek, MemoryMb = [512, 1024] });
        var current = SyntheticReport.Create(new SyntheticReportOptions());
        var (trend, alerts) = TrendAnalyzer.Compare(previous, previousVerified: true, current, AlertThresholds.Default);
        var report = current with { Trend = trend, Alerts = alerts };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var change = Assert.Single(trend!.Recommendations);
        var text = doc.ById("trend").Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("changed")).Value;
        Assert.Equal($"Recommendation changed from {change.Previous} to {change.Current} since run run-prev (2026-11-14).", text);
        Assert.StartsWith("Recommendation changed from 512 MB · ", text, StringComparison.Ordinal);
        Assert.Contains(" to 128 MB · batch 25 · 4 parallel since run", text, StringComparison.Ordinal);
        Assert.DoesNotContain(doc.ById("trend").Descendants(), e => e.Name.LocalName == "tr" && ((string?)e.Attribute("data-metric") ?? string.Empty).StartsWith("recommendation.", StringComparison.Ordinal));
    }

    [Fact]
    public void RenderHtml_UnverifiedPrevious_ReportsItAndShowsNoComparison()
    {
        var previous = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-forged", FinishedAt = LastWeek, DurationFactor = 0.1 });
        var current = SyntheticReport.Create(new SyntheticReportOptions());
        var (trend, alerts) = TrendAnalyzer.Compare(previous, previousVerified: false, current, AlertThresholds.Default);
        var report = current with { Trend = trend, Alerts = alerts };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Null(trend);
        var alert = Assert.Single(doc.Descendants(), e => e.Name.LocalName == "li" && e.HasClass("alert"));
        Assert.Equal(TrendAnalyzer.PreviousUnverifiedMetric, (string?)alert.Attribute("data-metric"));
        Assert.Equal("unverified", (string?)doc.Descendants().Single(e => e.Attribute("data-status") is not null).Attribute("data-status"));
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "table" && e.HasClass("trend-table"));
    }

    [Fact]
    public void RenderHtml_LocalRunWithoutLimits_SaysSoInHowMeasured()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Local = true, LimitsEnforced = false });

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Contains("WITHOUT Lambda-like CPU/memory limits", doc.ById("method").Text(), StringComparison.Ordinal);
        Assert.Contains("local, limits NOT enforced", doc.Descendants().Single(e => e.Name.LocalName == "header").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_WithSignature_ShowsKeyIdDigestAndVerifyCommand()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var signature = new ReportSignature("ECDSA_SHA_256", "arn:aws:kms:us-east-1:123456789012:key/abcd-1234", new string('a', 64), "MEUCIQ==", report.Run.FinishedAt);

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report, signature));

        var text = doc.ById("signature").Text();
        Assert.Contains("arn:aws:kms:us-east-1:123456789012:key/abcd-1234", text, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), text, StringComparison.Ordinal);
        Assert.Contains("tuner verify report.json", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_KeepCurrent_SentenceSaysKeepWithReason()
    {
        // The baseline is the cheapest cell (high memory is never cheaper for this workload, batch 25 × 4 is).
        var report = SyntheticReport.Create(new SyntheticReportOptions { BaselineMemoryMb = 128, BaselineBatchSize = 25, BaselineParallelism = 4 });

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var p = doc.Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("recommendation"));
        Assert.Equal("keep", (string?)p.Attribute("data-verdict"));
        Assert.StartsWith("Keep orders-ingest at 128 MB · batch 25 · 4 parallel: ", p.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_RunCost_ShowsMeasuredAndUpperBound()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var text = doc.ById("run-cost").Text();
        Assert.Contains("Step Functions transitions", text, StringComparison.Ordinal);
        Assert.Contains(report.TuningCost.Invocations.ToString("#,0", CultureInfo.InvariantCulture) + " invocations", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_HostileStrings_AreEscaped()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Job = "<script>alert(1)</script>&\"'" });

        var html = ReportRenderer.RenderHtml(report);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        _ = Xhtml.Parse(html);
    }

    [Fact]
    public void RenderHtml_TargetWithNothingMeasured_RendersFailureSentenceAndEmptyCharts()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var target = report.Targets[0] with
        {
            Baseline = null,
            Cells = [],
            Recommendation = null,
            ParetoFront = [],
            FailedCells = [new FailedCell("t0-m128-b1-p1-e1a2b3c4", 128, 1, 1, new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = "1", ["TUNER_DDB_PARALLELISM"] = "1", ["LOG_LEVEL"] = "warn" }, 0, 0, "NoSamples", null)],
        };
        report = report with { Targets = [target] };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var p = doc.Descendants().Single(e => e.Name.LocalName == "p" && e.HasClass("recommendation"));
        Assert.Equal("failed", (string?)p.Attribute("data-verdict"));
        Assert.Contains("No cell produced a measurement.", doc.ById("target-0-scatter").Text(), StringComparison.Ordinal);
        Assert.Contains("NoSamples: no invocation recorded.", doc.ById("target-0").Text(), StringComparison.Ordinal);
        var row = Assert.Single(
            doc.Descendants().Single(e => e.Name.LocalName == "table" && e.HasClass("failed-table")).Descendants(),
            e => e.Name.LocalName == "tr" && e.Attribute("data-cell") is not null);
        Assert.Equal("128 MB · batch 1 · 1 parallel · LOG_LEVEL=warn", row.Elements().ElementAt(1).Value);
        var heat = Assert.Single(doc.ById("target-0-heatmap").WithClass("g", "failed"));
        Assert.Equal("t0-m128-b1-p1-e1a2b3c4", (string?)heat.Attribute("data-cell"));
        Assert.Equal("128 MB · batch 1 · 1 parallel · LOG_LEVEL=warn: failed (NoSamples)", (string?)heat.Attribute("aria-label"));
    }

    [Fact]
    public void RenderHtml_SpeedObjective_HeatMapShowsP95()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        report = report with { Request = report.Request with { Objective = new Objective(ObjectiveStrategy.Speed) } };
        var cell = report.Targets[0].Cells.First(c => c.CellId == "t0-m512-b10-p4");

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var g = Assert.Single(doc.ById("target-0-heatmap").WithClass("g", "heat-cell"), h => (string?)h.Attribute("data-cell") == cell.CellId);
        Assert.Equal(cell.Statistics.Duration!.P95, g.Num("data-value"), 9);
        Assert.Contains("lowest p95 duration", doc.Descendants().Single(e => e.Name.LocalName == "header").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_TwoTargets_TwoSectionsEachWithChartsAndNoDuplicateIds()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var second = report.Targets[0] with { TargetIndex = 1, Function = "billing-ingest" };
        report = report with { Targets = [report.Targets[0], second], Warnings = ["pricing for eu-west-1 read 2026-11-01"] };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var ids = doc.Descendants().Attributes("id").Select(a => a.Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(2, doc.Descendants().Count(e => e.Name.LocalName == "section" && e.HasClass("target")));
        Assert.Equal(4, doc.Descendants().Count(e => e.Name.LocalName == "svg"));
        Assert.Contains("Switch billing-ingest from", doc.ById("target-1").Text(), StringComparison.Ordinal);
        Assert.Contains("pricing for eu-west-1 read 2026-11-01", doc.ById("method").Text(), StringComparison.Ordinal);
        // Every url(#…) points at a pattern or gradient defined in the same page.
        var refs = System.Text.RegularExpressions.Regex.Matches(doc.ToString(), @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(refs, r => Assert.Contains(r, ids));
    }
}
