using System.Xml.Linq;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Reports.Tests.TestHelpers;
using Tuner.Reports.Trends;

namespace Tuner.Reports.Tests.Html;

/// <summary>Renders reports the real Core pipeline produced (request reader → planner → analyzer), not hand-made models.</summary>
public sealed class AnalyzedReportRenderTests
{
    [Fact]
    public void RenderHtml_AnalyzerReportWithFailedCell_EveryPlannedCellAppearsOnceInTableOrFailures()
    {
        var (request, plan) = Plan();
        var cells = plan.Targets[0].Cells;
        var failing = cells.First(c => !c.IsBaseline && c.MemoryMb == 128 && c.BatchSize == 1);
        var samples = cells.SelectMany(c => Samples(c, c.Id == failing.Id)).ToList();
        var run = new RunMetadata("run-analyzed", request.Job, new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 5, 9, 0, TimeSpan.Zero), RunMode.Local, true, "us-east-1");
        var analyzed = TuningAnalyzer.Analyze(request, plan, samples, PricingCatalog.Default, run);
        var (trend, alerts) = TrendAnalyzer.Compare(null, false, analyzed, request.Alerts);
        var report = analyzed with { Trend = trend, Alerts = alerts };
        var target = report.Targets[0];

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var tableIds = doc.Descendants().Single(e => e.Name.LocalName == "table" && e.HasClass("cells"))
            .Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("data-cell") is not null).Select(e => (string)e.Attribute("data-cell")!).ToList();
        var failedIds = doc.Descendants().Where(e => e.Name.LocalName == "table" && e.HasClass("failed-table"))
            .Descendants().Where(e => e.Name.LocalName == "tr" && e.Attribute("data-cell") is not null).Select(e => (string)e.Attribute("data-cell")!).ToList();
        Assert.Equal(tableIds.Count, tableIds.Distinct().Count());
        Assert.Contains(failing.Id, failedIds.Concat(tableIds.Where(id => target.Cells.Any(c => c.CellId == id && c.Statistics.Duration is null))));
        Assert.Equal(cells.Select(c => c.Id).Order(), tableIds.Concat(failedIds).Distinct().Order());
        var points = doc.ById("target-0-scatter").WithClass("g", "point").Select(g => (string)g.Attribute("data-cell")!).ToList();
        Assert.DoesNotContain(failing.Id, points);
        Assert.Equal(target.Recommendation!.CellId, (string?)Assert.Single(doc.ById("target-0-scatter").WithClass("g", "point"), g => g.HasClass("recommended")).Attribute("data-cell"));
        Assert.Contains(alerts, a => a.Metric == TrendAnalyzer.ConfigurationFailureMetric);
        var failedCell = Assert.Single(target.FailedCells);
        Assert.Equal((failing.Id, 128, (int?)1, failing.Parallelism, "warn"), (failedCell.CellId, failedCell.MemoryMb, failedCell.BatchSize, failedCell.Parallelism, failedCell.Env["LOG_LEVEL"]));
        var failedRow = doc.Descendants().Single(e => e.Name.LocalName == "tr" && e.Parent?.Parent?.Attribute("class")?.Value.Contains("failed-table", StringComparison.Ordinal) == true && (string?)e.Attribute("data-cell") == failing.Id);
        Assert.Equal($"128 MB · batch 1 · {failing.Parallelism} parallel · LOG_LEVEL=warn", failedRow.Elements().ElementAt(1).Value);
    }

    private static (TuningRequest Request, TuningPlan Plan) Plan()
    {
        const string json = """
            {"job":"orders-weekly","targets":[{"function":"orders-ingest","memoryMb":[128,512,1024],
              "dynamoDbBatch":{"batchSize":[1,25],"parallelism":[1,4]},"env":{"LOG_LEVEL":["warn"]},"invocations":40,"concurrency":4,"monthlyInvocations":10000000}]}
            """;
        var read = TuningRequestReader.Read(json);
        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var configuration = new FunctionConfiguration("orders-ingest", "arn:aws:lambda:us-east-1:123456789012:function:orders-ingest", "$LATEST", 1024, 30,
            new Dictionary<string, string> { ["TUNER_TABLE_NAME"] = "events" }, "arm64", "dotnet10", "Active", "Successful", null);
        var planned = TuningPlanner.Plan(read.Request!, [configuration], PricingCatalog.Default, "us-east-1");
        Assert.NotNull(planned.Plan);
        return (read.Request!, planned.Plan);
    }

    private static IEnumerable<Sample> Samples(PlanCell cell, bool fail)
    {
        var random = new Random(cell.Id.Length * 7919);
        var baseMs = (60_000.0 / Math.Min(cell.MemoryMb, 1769)) + (400.0 / ((cell.BatchSize ?? 1) * (cell.Parallelism ?? 1)));
        for (var i = 0; i < 40; i++)
        {
            var duration = Math.Round(baseMs * (0.9 + (0.2 * random.NextDouble())), 2);
            yield return fail
                ? new Sample { CellId = cell.Id, Index = i, ColdStart = i == 0, DurationMs = 3.1, BilledDurationMs = 4, MemorySizeMb = cell.MemoryMb, MaxMemoryUsedMb = cell.MemoryMb, ErrorType = "Runtime.OutOfMemory", ErrorMessage = "signal: killed" }
                : new Sample { CellId = cell.Id, Index = i, ColdStart = i == 0, DurationMs = duration, BilledDurationMs = Math.Ceiling(duration), InitDurationMs = i == 0 ? 180 : null, MemorySizeMb = cell.MemoryMb, MaxMemoryUsedMb = 70 + i, Items = 500, ConsumedWriteUnits = 500, Retries = 0, Throttles = 0 };
        }
    }
}
