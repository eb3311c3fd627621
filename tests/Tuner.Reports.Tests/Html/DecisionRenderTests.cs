using System.Xml.Linq;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Reports.Charts;
using Tuner.Reports.Tests.TestHelpers.Synthetic;
using Tuner.Reports.Tests.TestHelpers;

namespace Tuner.Reports.Tests.Html;

/// <summary>The "How the decision was made" section and the v2 cell table, on synthetic staged reports and on a stored v1 report.</summary>
public sealed class DecisionRenderTests
{
    private static readonly TuningReport Staged = SyntheticReport.Create(new SyntheticReportOptions { Staged = true, FailedCells = 1 });

    private static TargetDecision Decision => Staged.Targets[0].Decision!;

    [Fact]
    public void RenderHtml_StagedReport_ReasonIsTheDecisionSentence()
    {
        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var reason = Assert.Single(doc.WithClass("p", "decision-reason"));
        Assert.Equal(ReportText.DecisionReason(Decision), reason.Text());
        Assert.Equal("switch", (string?)reason.Attribute("data-action"));
        Assert.StartsWith(Decision.ChosenCellId + ": cost ", reason.Text(), StringComparison.Ordinal); // a cell id keeps its case
        Assert.Contains("beyond the 3% margin", reason.Text(), StringComparison.Ordinal);
        // Stated once: the reasons list under the KPIs leaves it to the decision section.
        Assert.Empty(doc.WithClass("ul", "reasons"));
    }

    [Fact]
    public void RenderHtml_StagedReport_FactsStateMarginsColdStartShareAndInvocations()
    {
        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var facts = Assert.Single(doc.WithClass("dl", "facts")).Text();
        Assert.Contains("cost 3%, duration 5%", facts, StringComparison.Ordinal);
        Assert.Contains("2% of invocations", facts, StringComparison.Ordinal);
        Assert.Contains(ReportText.Invocations(Decision), facts, StringComparison.Ordinal);
        Assert.Contains("of the 1,550 an exhaustive grid would measure", facts, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReport_ColdCostsOfRecommendedAndCurrentAtZeroProductionAndTenPercent()
    {
        var target = Staged.Targets[0];
        var chosen = target.Cells.Single(c => c.CellId == Decision.ChosenCellId);

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var table = Assert.Single(doc.WithClass("table", "cold-costs"));
        Assert.Contains("at 2% (production)", table.Text(), StringComparison.Ordinal);
        var rows = Rows(table);
        Assert.Equal(2, rows.Count);
        var rec = rows[0].Elements().Select(e => e.Text()).ToList();
        Assert.StartsWith("Recommended", rec[0], StringComparison.Ordinal);
        Assert.Contains(ReportText.Configuration(chosen), rec[0], StringComparison.Ordinal);
        Assert.Equal(ReportText.Usd(chosen.Cost.AtNoColdStartsUsd!.Value * 1_000_000m), rec[1]);
        Assert.Equal(ReportText.Usd(chosen.Cost.PerMillionInvocationsUsd), rec[2]);
        Assert.Equal(ReportText.Usd(chosen.Cost.AtTenPercentColdStartsUsd!.Value * 1_000_000m), rec[3]);
        Assert.StartsWith("Current", rows[1].Elements().First().Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReport_StagesTableHasEveryStageAndEachDroppedCellWithItsReason()
    {
        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var table = Assert.Single(doc.WithClass("table", "stages"));
        var rows = Rows(table);
        Assert.Equal(Decision.Stages.Count, rows.Count);
        foreach (var (stage, row) in Decision.Stages.Zip(rows))
        {
            var tds = row.Elements().Select(e => e.Text()).ToList();
            Assert.Equal(stage.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), tds[0]);
            Assert.Equal(ReportText.StageKindName(stage.Kind), tds[1]);
            Assert.Contains(stage.TargetSamples.ToString(System.Globalization.CultureInfo.InvariantCulture), tds[3], StringComparison.Ordinal);
            var listed = row.Descendants().Where(e => e.Name.LocalName == "li").ToList();
            Assert.Equal(stage.Dropped.Select(d => d.CellId), listed.Select(li => (string?)li.Attribute("data-cell")));
            // Long lists fold away behind a summary; short ones are shown as they are.
            Assert.Equal(stage.Dropped.Count > 3, row.Descendants().Any(e => e.Name.LocalName == "details"));
        }

        var failed = Decision.Stages[1].Dropped.First(d => d.Reason.StartsWith("no successful invocation", StringComparison.Ordinal));
        var item = doc.Descendants().Single(e => e.Name.LocalName == "li" && (string?)e.Attribute("data-cell") == failed.CellId);
        Assert.EndsWith(": " + failed.Reason, item.Text(), StringComparison.Ordinal);
        Assert.Contains(rows[1].Descendants(), e => e.Name.LocalName == "summary" && e.Text() == $"{Decision.Stages[1].Dropped.Count} cells dropped");
        Assert.Equal("2: challenger and current", rows[^1].Elements().ElementAt(2).Text());
        Assert.Equal("50 fresh per side", rows[^1].Elements().ElementAt(3).Text());
    }

    [Fact]
    public void RenderHtml_StagedReport_AaCheckPassedWithItsFigureAndInterval()
    {
        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var aa = Assert.Single(doc.WithClass("p", "aa"));
        Assert.Equal("passed", (string?)aa.Attribute("data-verdict"));
        Assert.Equal("Passed Current mean duration −1.2% (99% interval −4.1% to +1.7%) in the confirmation against the earlier stages, within the 5% margin.", aa.Text());
        Assert.Contains("within the 5% margin", aa.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_UnstableBaseline_AaCheckUnstableAndCurrentKept()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Staged = true, UnstableBaseline = true });
        var decision = report.Targets[0].Decision!;

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Equal(RecommendationAction.KeepCurrent, decision.Action);
        var aa = Assert.Single(doc.WithClass("p", "aa"));
        Assert.Equal("unstable", (string?)aa.Attribute("data-verdict"));
        Assert.Contains("a switch had to beat the " + ReportText.Fraction(decision.Stability!.Discrepancy) + " discrepancy", aa.Text(), StringComparison.Ordinal);
        Assert.Equal("keep", (string?)Assert.Single(doc.WithClass("p", "decision-reason")).Attribute("data-action"));
        Assert.StartsWith("Best candidate", Rows(Assert.Single(doc.WithClass("table", "cold-costs")))[0].Elements().First().Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReport_ConfirmationShowsSamplesRoundsAndPairedIntervals()
    {
        var confirmation = Decision.Confirmation!;

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var section = Assert.Single(doc.WithClass("section", "decision"));
        Assert.Contains("50 and 50 fresh samples in 10 interleaved rounds, compared round by round", section.Text(), StringComparison.Ordinal);
        var rows = Rows(Assert.Single(doc.WithClass("table", "confirmation")));
        Assert.Equal(2, rows.Count); // a cost objective: primary = cost and secondary = duration are not repeated
        var cost = rows[0].Elements().Select(e => e.Text()).ToList();
        Assert.Equal("cost per invocation", cost[0]);
        Assert.Equal(ComparisonText.Change(confirmation.Cost!.Estimate), cost[1]);
        Assert.Equal(ComparisonText.Interval(confirmation.Cost), cost[2]);
        Assert.StartsWith("95% interval −", cost[2], StringComparison.Ordinal);
        Assert.StartsWith("paired, round by round", cost[3], StringComparison.Ordinal);
        Assert.Equal("lower beyond the 3% margin", cost[4]);
        Assert.Equal("mean duration", rows[1].Elements().First().Text());
    }

    [Fact]
    public void RenderHtml_DecisionOnHodgesLehmannShifts_NamesTypicalFigures()
    {
        // A report decided on Hodges–Lehmann shifts says "typical", one decided on ratios of means (older reports) "mean".
        var target = Staged.Targets[0] with { Decision = Decision with { Statistic = DecisionStatistic.HodgesLehmann.Name() } };
        var report = Staged with { Targets = [target, .. Staged.Targets.Skip(1)] };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var rows = Rows(Assert.Single(doc.WithClass("table", "confirmation")));
        Assert.Equal("typical cost per invocation", rows[0].Elements().First().Text());
        Assert.Equal("typical duration", rows[1].Elements().First().Text());
        Assert.Contains("Current typical duration", Assert.Single(doc.WithClass("section", "decision")).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReport_P95WithoutIntervalSaysTooFewSamples()
    {
        var target = Staged.Targets[0];
        var few = target.Cells.First(c => c.Statistics.Duration is { P95Ci: null });
        var enough = target.Cells.Single(c => c.CellId == Decision.ChosenCellId);

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var fewP95 = CellTds(doc, few.CellId)[4];
        Assert.Contains("too few samples", fewP95.Text(), StringComparison.Ordinal);
        var span = Assert.Single(fewP95.Elements());
        Assert.Equal("too few samples for a 95% interval (the p95 needs 72)", (string?)span.Attribute("title"));
        Assert.NotNull(enough.Statistics.Duration!.P95Ci);
        Assert.Contains("[", CellTds(doc, enough.CellId)[4].Text(), StringComparison.Ordinal);
        Assert.Contains("too few samples", CellTds(doc, enough.CellId)[5].Text(), StringComparison.Ordinal); // p99 needs 368
    }

    [Fact]
    public void RenderHtml_StagedReport_CellTableHasColdStartProfileAndProductionCost()
    {
        var cell = Staged.Targets[0].Cells.Single(c => c.CellId == Decision.ChosenCellId);
        var cold = cell.ColdStart!;

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var table = doc.Descendants().Single(e => e.Name.LocalName == "table" && e.HasClass("cells"));
        var headings = table.Descendants().Where(e => e.Name.LocalName == "th" && e.Parent?.Parent?.Name.LocalName == "thead").Select(e => e.Text()).ToList();
        Assert.Contains("Cold starts", headings);
        Assert.Contains("INIT (ms)", headings);
        Assert.Contains("Cold latency (ms)", headings);
        Assert.Contains("Total at 2% cold starts", headings);
        var tds = CellTds(doc, cell.CellId).Select(e => e.Text()).ToList();
        Assert.Equal(18, tds.Count);
        Assert.Equal(cold.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), tds[11]);
        Assert.Equal(Svg.Number(cold.MeanInitMs!.Value), tds[12]);
        Assert.Equal(Svg.Number(cold.MeanLatencyMs!.Value), tds[13]);
        Assert.Contains("0%: " + ReportText.Usd(cell.Cost.AtNoColdStartsUsd!.Value * 1_000_000m), tds[9], StringComparison.Ordinal);
        Assert.Contains("10%: " + ReportText.Usd(cell.Cost.AtTenPercentColdStartsUsd!.Value * 1_000_000m), tds[9], StringComparison.Ordinal);
        Assert.Contains("Warm invocations only", doc.Descendants().First(e => e.Name.LocalName == "p" && e.HasClass("note") && e.Text().Contains("Warm", StringComparison.Ordinal)).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_DecisionWithoutConfirmation_ShowsStagesAndNoAaOrConfirmation()
    {
        // The engine's answer when every other cell dropped out before a confirmation.
        var target = Staged.Targets[0];
        var decision = Decision with
        {
            Action = RecommendationAction.KeepCurrent,
            ChosenCellId = target.Baseline!.CellId,
            Reason = "none of the 30 other configurations is left to confirm: t0-m128-b1-p1 (no successful invocation)",
            Stages = [Decision.Stages[0]],
            Stability = null,
            Confirmation = null,
        };
        var report = Staged with { Targets = [target with { Decision = decision }] };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Equal("None of the 30 other configurations is left to confirm: t0-m128-b1-p1 (no successful invocation).", Assert.Single(doc.WithClass("p", "decision-reason")).Text());
        Assert.Single(Rows(Assert.Single(doc.WithClass("table", "stages"))));
        Assert.Empty(doc.WithClass("p", "aa"));
        Assert.Empty(doc.WithClass("table", "confirmation"));
    }

    [Fact]
    public void RenderHtml_ColdModeReport_FactsTableAndMethodSayTheFiguresAreColdStarts()
    {
        var cold = Staged with { Targets = [Staged.Targets[0] with { Decision = Decision with { Measure = "cold" } }, .. Staged.Targets.Skip(1)] };

        var html = ReportRenderer.RenderHtml(cold);
        var doc = Xhtml.Parse(html);

        var facts = Assert.Single(doc.WithClass("dl", "facts")).Text();
        Assert.Contains(ReportText.ColdMeasure, facts, StringComparison.Ordinal);
        Assert.Contains("not used: every figure is a cold start's", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("2% of invocations", facts, StringComparison.Ordinal);
        Assert.Contains("Cold starts only (measure: cold): every measured invocation ran in a version of its own", html, StringComparison.Ordinal);
        Assert.Contains("Cold mode (measure: cold): the Planner published one version per cold sample", doc.ById("method").Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Cold mode (measure: cold)", Xhtml.Parse(ReportRenderer.RenderHtml(Staged)).ById("method").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReport_MethodDescribesTheStages()
    {
        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(Staged));

        var method = doc.ById("method").Text();
        Assert.Contains("Measured in stages", method, StringComparison.Ordinal);
        Assert.Contains("compared round by round at 95%", method, StringComparison.Ordinal);
        Assert.DoesNotContain("by more than its confidence interval", method, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderHtml_StagedReportThroughJson_RendersTheSame()
    {
        // Also guards the heat map against record equality: a parsed report's baseline and its row in cells are distinct records.
        var parsed = TuningReport.Parse(CanonicalJson.Serialize(Staged));

        Assert.Equal(ReportRenderer.RenderHtml(Staged), ReportRenderer.RenderHtml(parsed));
    }

    [Fact]
    public void RenderHtml_V1Fixture_RendersWithoutDecisionSectionAndWithV1Columns()
    {
        var report = TuningReport.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-v1.json")));
        Assert.Equal("tuner.report/v1", report.SchemaVersion);
        Assert.Null(report.Targets[0].Decision);

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        Assert.Empty(doc.WithClass("section", "decision"));
        var main = doc.Descendants().Single(e => e.Name.LocalName == "main").Text();
        Assert.DoesNotContain("How the decision was made", main, StringComparison.Ordinal);
        Assert.Contains(doc.WithClass("p", "recommendation"), p => p.Text() == ReportText.Recommendation(report.Targets[0]));
        Assert.Single(doc.WithClass("ul", "reasons"));
        var row = doc.Descendants().First(e => e.Name.LocalName == "tr" && (string?)e.Attribute("data-cell") == report.Targets[0].Baseline!.CellId);
        var tds = row.Elements().Where(e => e.Name.LocalName == "td").ToList();
        Assert.Equal(16, tds.Count);
        Assert.DoesNotContain("too few samples", main, StringComparison.Ordinal);
        Assert.Contains("Durations in ms, each with its 95% confidence interval underneath.", main, StringComparison.Ordinal);
    }

    private static List<XElement> Rows(XElement table) =>
        table.Descendants().Where(e => e.Name.LocalName == "tr" && e.Parent?.Name.LocalName == "tbody").ToList();

    private static List<XElement> CellTds(XDocument doc, string cellId) =>
        doc.Descendants().Single(e => e.Name.LocalName == "tr" && (string?)e.Attribute("data-cell") == cellId && e.Ancestors().Any(a => a.Name.LocalName == "table" && a.HasClass("cells")))
            .Elements().Where(e => e.Name.LocalName == "td").ToList();
}
