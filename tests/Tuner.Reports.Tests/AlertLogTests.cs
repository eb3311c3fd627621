using System.Text.Json;
using Tuner.Core.Reports;

namespace Tuner.Reports.Tests;

public sealed class AlertLogTests
{
    [Fact]
    public void Write_TwoAlerts_TwoEmbeddedMetricFormatLines()
    {
        var alerts = new[]
        {
            new ReportAlert("orders-ingest", "baseline.p95DurationMs", 100, 125, 25, 10, "p95 rose 25%"),
            new ReportAlert("orders-ingest", "configurationFailureRatePct", 0, 10, 100, 5, "3 of 30 failed"),
        };
        var at = new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        using var writer = new StringWriter();

        AlertLog.Write(alerts, writer, "orders-weekly", "run-1", at);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        var root = doc.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(at.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("Tuner", directive.GetProperty("Namespace").GetString());
        var dims = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(["job", "target", "metric"], dims.EnumerateArray().Select(d => d.GetString()!));
        var metricNames = directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).ToList();
        Assert.Equal(["Alert", "ChangePct"], metricNames);
        // Every dimension and metric named in the directive is a top-level member, as EMF requires.
        Assert.Equal("orders-weekly", root.GetProperty("job").GetString());
        Assert.Equal("orders-ingest", root.GetProperty("target").GetString());
        Assert.Equal("baseline.p95DurationMs", root.GetProperty("metric").GetString());
        Assert.Equal(1, root.GetProperty("Alert").GetDouble());
        Assert.Equal(25, root.GetProperty("ChangePct").GetDouble());
        Assert.Equal("p95 rose 25%", root.GetProperty("message").GetString());
    }

    [Fact]
    public void Write_NoAlerts_WritesNothing()
    {
        using var writer = new StringWriter();

        AlertLog.Write([], writer, "job", "run", DateTimeOffset.UnixEpoch);

        Assert.Equal(string.Empty, writer.ToString());
    }
}
