using Tuner.Core.Logs;

namespace Tuner.Core.Tests.Logs;

public sealed class LambdaLogParserTests
{
    private const string ColdReport =
        "REPORT RequestId: 3f1c-11\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t\n";

    [Fact]
    public void Parse_TextReportWithInit_ReadsEveryFigure()
    {
        var tail = "START RequestId: 3f1c-11 Version: 7\nsome log line\nEND RequestId: 3f1c-11\n" + ColdReport;

        var result = LambdaLogParser.Parse(tail);

        Assert.Null(result.Problem);
        Assert.Equal(new LambdaReport("3f1c-11", 395.99, 662, 512, 301, 265.72, null, null), result.Report);
    }

    [Fact]
    public void Parse_WarmTextReport_HasNoInit()
    {
        var result = LambdaLogParser.Parse("REPORT RequestId: a\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t");

        Assert.Equal(12.5, result.Report!.DurationMs);
        Assert.Null(result.Report.InitDurationMs);
        Assert.Null(result.Report.RestoreDurationMs);
    }

    [Fact]
    public void Parse_SnapStartReport_ReadsRestoreDuration()
    {
        var result = LambdaLogParser.Parse("REPORT RequestId: a\tDuration: 20.00 ms\tBilled Duration: 250 ms\tMemory Size: 1024 MB\tMax Memory Used: 150 MB\tRestore Duration: 210.45 ms\tBilled Restore Duration: 229 ms\t");

        Assert.Equal(210.45, result.Report!.RestoreDurationMs);
    }

    [Fact]
    public void Parse_TimeoutReport_KeepsStatus()
    {
        var result = LambdaLogParser.Parse("REPORT RequestId: a\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout");

        Assert.Equal("timeout", result.Report!.Status);
    }

    [Fact]
    public void Parse_JsonPlatformReport_ReadsMetrics()
    {
        const string tail = """
            {"time":"2026-11-21T10:00:00.000Z","type":"platform.start","record":{"requestId":"r1","version":"3"}}
            {"time":"2026-11-21T10:00:00.400Z","type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":395.99,"billedDurationMs":662,"memorySizeMB":512,"maxMemoryUsedMB":301,"initDurationMs":265.72},"status":"success"}}
            """;

        var result = LambdaLogParser.Parse(tail);

        Assert.Null(result.Problem);
        Assert.Equal(new LambdaReport("r1", 395.99, 662, 512, 301, 265.72, null, "success"), result.Report);
    }

    [Fact]
    public void Parse_JsonLogLineWithTunerMetrics_ReturnsThem()
    {
        var tail = """{"level":"INFO","tunerMetrics":{"items":100,"consumedWriteUnits":100.5,"retries":2,"throttles":1}}""" + "\n" + ColdReport;

        var result = LambdaLogParser.Parse(tail);

        Assert.NotNull(result.Report);
        Assert.Equal(new Tuner.Core.Samples.WorkloadMetrics(100, 100.5, 2, 1), result.Metrics);
    }

    [Theory]
    [InlineData(null, "the log tail is empty: no REPORT line")]
    [InlineData("", "the log tail is empty: no REPORT line")]
    [InlineData("START RequestId: a\nEND RequestId: a\n", "no REPORT line in the log tail")]
    [InlineData("REPORT RequestId: a\tDuration: 12.50 ms\tBilled Dura", "REPORT line is truncated or in an unknown format: missing Billed Duration, Memory Size, Max Memory Used")]
    [InlineData("REPORT RequestId: a\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB", "REPORT line is truncated or in an unknown format: missing Max Memory Used")]
    [InlineData("REPORT RequestId: a\tDuration: 12,50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB", "REPORT line has an unreadable Duration '12,50 ms'")]
    [InlineData("REPORT RequestId: a\tDuration: 12.5 s\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB", "REPORT line has an unreadable Duration '12.5 s'")]
    [InlineData("ID: a\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB", "no REPORT line in the log tail")]
    [InlineData("""{"type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":1.5""", "platform.report record is truncated")]
    [InlineData("""{"type":"platform.report","record":{"requestId":"r1"}}""", "platform.report record has no metrics")]
    [InlineData("""{"type":"platform.report","record":{"requestId":"r1","metrics":{"durationMs":1.5,"billedDurationMs":2,"memorySizeMB":128}}}""", "platform.report record is truncated or in an unknown format: missing Max Memory Used")]
    [InlineData("xx REPOR", "no REPORT line in the log tail")]
    public void Parse_MissingTruncatedOrUnknownReport_ReportsAProblemNeverAGuess(string? tail, string problem)
    {
        var result = LambdaLogParser.Parse(tail);

        Assert.Null(result.Report);
        Assert.Equal(problem, result.Problem);
    }

    [Fact]
    public void Parse_TwoReports_TakesTheLast()
    {
        var tail = "REPORT RequestId: a\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\n"
            + "REPORT RequestId: b\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 71 MB\n";

        var result = LambdaLogParser.Parse(tail);

        Assert.Equal("b", result.Report!.RequestId);
    }
}
