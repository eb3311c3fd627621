using System.Text.Json.Nodes;
using Tuner.Core.Requests;
using Tuner.Reports.Tests.TestHelpers.Synthetic;
using Tuner.Reports.Tests.TestHelpers;
using Tuner.Reports.Trends;

namespace Tuner.Reports.Tests.Browser;

/// <summary>
/// Opens report.html in Debian's headless Chromium through the DevTools protocol: the page must load with no
/// console error, no exception, no error log entry and no request other than the file itself, and it must
/// produce a screenshot and a PDF. Chromium missing is a failure, not a skip.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReportBrowserTests
{
    [Fact]
    public async Task Report_OpenedInHeadlessChromium_NoConsoleErrorsNoExternalRequestsAndScreenshot()
    {
        // Arrange: a report with everything on it — alerts, failed cells, a trend.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var previous = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-2026-11-14", FinishedAt = new DateTimeOffset(2026, 11, 14, 6, 0, 0, TimeSpan.Zero) });
        var current = SyntheticReport.Create(new SyntheticReportOptions { DurationFactor = 1.25, MemoryFactor = 1.3, FailedCells = 2 });
        var (trend, alerts) = TrendAnalyzer.Compare(previous, previousVerified: true, current, AlertThresholds.Default);
        var html = ReportRenderer.RenderHtml(current with { Trend = trend, Alerts = alerts });

        // Act
        var page = await OpenAsync(html, "report", timeout.Token);

        // Assert
        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Exceptions);
        Assert.Empty(page.LogEntries);
        Assert.Equal([page.FileUrl], page.Requests);
        Assert.Equal(2, page.SvgCharts);
        Assert.True(page.Png.Length > 20_000, $"screenshot of {page.Png.Length} bytes is too small to show the report");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], page.Png[..4]);
        Assert.Equal("%PDF"u8.ToArray(), page.Pdf[..4]);
    }

    [Fact]
    public async Task Report_StagedDecision_OpenedInHeadlessChromium_NoConsoleErrorsAndScreenshot()
    {
        // A schema v2 report: the decision section, the stages with collapsed dropped cells, cold-start columns.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var html = ReportRenderer.RenderHtml(SyntheticReport.Create(new SyntheticReportOptions { Staged = true, FailedCells = 1 }));

        var page = await OpenAsync(html, "report-v2", timeout.Token);

        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Exceptions);
        Assert.Empty(page.LogEntries);
        Assert.Equal([page.FileUrl], page.Requests);
        Assert.Equal(2, page.SvgCharts);
        Assert.True(page.Png.Length > 20_000, $"screenshot of {page.Png.Length} bytes is too small to show the report");
    }

    [Fact]
    public async Task Report_500Cells_LoadsCleanInHeadlessChromium()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var options = new SyntheticReportOptions
        {
            MemoryMb = Enumerable.Range(0, 20).Select(i => 128 + (i * 512)).ToList(),
            BatchSizes = [1, 5, 10, 20, 25],
            Parallelism = [1, 2, 4, 8, 16],
        };
        var html = ReportRenderer.RenderHtml(SyntheticReport.Create(options));

        var page = await OpenAsync(html, "report-500", timeout.Token);

        Assert.Empty(page.ConsoleErrors);
        Assert.Empty(page.Exceptions);
        Assert.Empty(page.LogEntries);
        Assert.Equal([page.FileUrl], page.Requests);
    }

    [Fact]
    public async Task Harness_PageWithExternalImageAndScript_IsCaught()
    {
        // The checks above must be able to fail: a page that reaches out and logs an error is reported.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const string html = "<!DOCTYPE html><html><head><title>x</title></head><body><img src=\"http://127.0.0.1:9/x.png\" alt=\"\" /><script>console.error('boom')</script></body></html>";

        var page = await OpenAsync(html, "harness-check", timeout.Token);

        Assert.Contains(page.ConsoleErrors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:9/x.png", page.Requests);
    }

    private sealed record PageResult(string FileUrl, List<string> ConsoleErrors, List<string> Exceptions, List<string> LogEntries, List<string> Requests, int SvgCharts, byte[] Png, byte[] Pdf);

    /// <summary>Writes the page under the test output folder, loads it, screenshots it (whole page and page-sized pieces) and prints it to PDF.</summary>
    private static async Task<PageResult> OpenAsync(string html, string name, CancellationToken ct)
    {
        var outDir = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");
        Directory.CreateDirectory(outDir);
        var htmlPath = Path.Combine(outDir, name + ".html");
        await File.WriteAllTextAsync(htmlPath, html, ct);

        await using var chromium = await HeadlessChromium.StartAsync(ct);
        await using var page = await DevToolsSession.ConnectToPageAsync(chromium, ct);
        await page.SendAsync("Runtime.enable", null, ct);
        await page.SendAsync("Log.enable", null, ct);
        await page.SendAsync("Network.enable", null, ct);
        await page.SendAsync("Page.enable", null, ct);
        await page.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1280, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false }, ct);
        var fileUrl = new Uri(htmlPath).AbsoluteUri;
        await page.SendAsync("Page.navigate", new JsonObject { ["url"] = fileUrl }, ct);
        await page.WaitForEventAsync("Page.loadEventFired", ct);
        await Task.Delay(300, ct); // late console messages (CSP reports arrive after load)
        var metrics = await page.SendAsync("Page.getLayoutMetrics", null, ct);
        var contentHeight = metrics["cssContentSize"]!["height"]!.GetValue<double>();
        var shot = await page.SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = 1280, ["height"] = Math.Min(contentHeight, 6000), ["scale"] = 1 },
        }, ct);
        var png = Convert.FromBase64String(shot["data"]!.GetValue<string>());
        await File.WriteAllBytesAsync(Path.Combine(outDir, name + ".png"), png, ct);

        // Page-sized pieces too, for people reviewing the layout (the full-page image is hard to read when scaled).
        for (var (y, i) = (0.0, 0); y < Math.Min(contentHeight, 6000); y += 1100, i++)
        {
            var piece = await page.SendAsync("Page.captureScreenshot", new JsonObject
            {
                ["format"] = "png",
                ["captureBeyondViewport"] = true,
                ["clip"] = new JsonObject { ["x"] = 0, ["y"] = y, ["width"] = 1280, ["height"] = Math.Min(1100, contentHeight - y), ["scale"] = 1 },
            }, ct);
            await File.WriteAllBytesAsync(Path.Combine(outDir, $"{name}-part{i}.png"), Convert.FromBase64String(piece["data"]!.GetValue<string>()), ct);
        }

        // How the print stylesheet lays out the first page (A4 landscape ≈ 1123 × 794 CSS px).
        await page.SendAsync("Emulation.setEmulatedMedia", new JsonObject { ["media"] = "print" }, ct);
        var print = await page.SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = 1280, ["height"] = Math.Min(1600, contentHeight), ["scale"] = 1 },
        }, ct);
        await File.WriteAllBytesAsync(Path.Combine(outDir, name + "-print.png"), Convert.FromBase64String(print["data"]!.GetValue<string>()), ct);
        await page.SendAsync("Emulation.setEmulatedMedia", new JsonObject { ["media"] = string.Empty }, ct);

        var pdf = await page.SendAsync("Page.printToPDF", new JsonObject { ["printBackground"] = true, ["preferCSSPageSize"] = true }, ct);
        var pdfBytes = Convert.FromBase64String(pdf["data"]!.GetValue<string>());
        await File.WriteAllBytesAsync(Path.Combine(outDir, name + ".pdf"), pdfBytes, ct);
        var svgCount = await page.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = "document.querySelectorAll('svg.chart').length", ["returnByValue"] = true }, ct);

        var events = page.Events.ToList();
        return new PageResult(
            fileUrl,
            events.Where(e => e.Method == "Runtime.consoleAPICalled" && (string?)e.Params["type"] is "error" or "assert").Select(e => e.Params.ToJsonString()).ToList(),
            events.Where(e => e.Method == "Runtime.exceptionThrown").Select(e => e.Params.ToJsonString()).ToList(),
            events.Where(e => e.Method == "Log.entryAdded" && (string?)e.Params["entry"]!["level"] is "error" or "warning").Select(e => e.Params.ToJsonString()).ToList(),
            events.Where(e => e.Method == "Network.requestWillBeSent").Select(e => (string)e.Params["request"]!["url"]!).ToList(),
            svgCount["result"]!["value"]!.GetValue<int>(),
            png,
            pdfBytes);
    }
}
