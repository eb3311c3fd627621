using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Core.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Output;

/// <summary>The --json documents of report, history and verify match docs/schemas/tuner-output.schema.json; --fail-on-alert's exit code.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-json-");
    private readonly TextConsole _console = new();
    private readonly StringWriter _error = new();

    [Fact]
    public async Task Report_Json_IsOneDocumentOfTheSchemaWithTheRecommendationAndAlerts()
    {
        var path = await WriteRunAsync("run-1", SyntheticReport.Create(new SyntheticReportOptions { Staged = true }) with { Alerts = [Alert()] }, sign: true);
        using var json = new StringWriter();

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _folder.FullName, false, false, Json: true), _console.Console, _error, _ => false, json, CancellationToken.None);

        Assert.True(exit == ExitCodes.Succeeded, _error.ToString());
        OutputSchema.AssertValid(json.ToString());
        using var document = JsonDocument.Parse(json.ToString());
        var report = document.RootElement.GetProperty("report");
        Assert.Equal("p95DurationMs", report.GetProperty("alerts")[0].GetProperty("metric").GetString());
        Assert.True(document.RootElement.GetProperty("signed").GetBoolean());
        Assert.NotNull(report.GetProperty("targets")[0].GetProperty("action").GetString());
        Assert.Empty(_console.Output);
    }

    [Fact]
    public async Task Report_FailOnAlert_Exits7WithAlertsAnd0Without()
    {
        var alerted = await WriteRunAsync("run-alert", SyntheticReport.Create(new SyntheticReportOptions()) with { Alerts = [Alert()] }, sign: false);
        var quiet = await WriteRunAsync("run-quiet", SyntheticReport.Create(new SyntheticReportOptions()), sign: false);

        var withAlerts = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(alerted, _folder.FullName, false, false, FailOnAlert: true), _console.Console, _error, _ => false, CancellationToken.None);
        var withoutAlerts = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(quiet, _folder.FullName, false, false, FailOnAlert: true), _console.Console, _error, _ => false, CancellationToken.None);
        var notAsked = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(alerted, _folder.FullName, false, false), _console.Console, _error, _ => false, CancellationToken.None);

        Assert.Equal(ExitCodes.RegressionAlert, withAlerts);
        Assert.Equal(ExitCodes.Succeeded, withoutAlerts);
        Assert.Equal(ExitCodes.Succeeded, notAsked);
    }

    [Fact]
    public async Task History_Json_ListsTheJobsRunsNewestFirstInADocumentOfTheSchema()
    {
        await WriteRunAsync("run-old", SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-old", FinishedAt = new DateTimeOffset(2026, 11, 14, 6, 0, 0, TimeSpan.Zero) }), sign: false);
        await WriteRunAsync("run-new", SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-new" }), sign: true);
        using var json = new StringWriter();

        var exit = await HistoryCommand.RunAsync("orders-weekly", _folder.FullName, _console.Console, _error, json);

        Assert.Equal(0, exit);
        OutputSchema.AssertValid(json.ToString());
        using var document = JsonDocument.Parse(json.ToString());
        var runs = document.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["run-new", "run-old"], runs.Select(r => r.GetProperty("report").GetProperty("runId").GetString()));
        Assert.Equal([true, false], runs.Select(r => r.GetProperty("signed").GetBoolean()));
    }

    [Fact]
    public async Task Verify_Json_VerifiedMismatchAndCannotVerifyAreDocumentsOfTheSchemaWithTheirExitCodes()
    {
        var path = await WriteRunAsync("run-signed", SyntheticReport.Create(new SyntheticReportOptions()), sign: true);
        var publicKey = new FileInfo(LocalSigningKey.PublicKeyPathFor(KeyPath));
        var tampered = await WriteRunAsync("run-tampered", SyntheticReport.Create(new SyntheticReportOptions()), sign: true);
        await File.AppendAllTextAsync(tampered, " ");
        var unsigned = await WriteRunAsync("run-unsigned", SyntheticReport.Create(new SyntheticReportOptions()), sign: false);

        var results = new List<(int Exit, string Json)>();
        foreach (var report in new[] { path, tampered, unsigned })
        {
            using var json = new StringWriter();
            var exit = await VerifyCommand.RunJsonAsync(
                new VerifyCommand.VerifyOptions(new FileInfo(report), null, publicKey, "unused"), new FakeKeySources(), json, CancellationToken.None);
            results.Add((exit, json.ToString()));
        }

        Assert.Equal([VerifyCommand.Verified, VerifyCommand.Mismatch, VerifyCommand.CannotVerify], results.Select(r => r.Exit));
        Assert.All(results, r => OutputSchema.AssertValid(r.Json));
        Assert.Equal(["verified", "mismatch", "cannotVerify"], results.Select(r => JsonDocument.Parse(r.Json).RootElement.GetProperty("result").GetString()));
    }

    public void Dispose()
    {
        _error.Dispose();
        _folder.Delete(recursive: true);
    }

    private string KeyPath => Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);

    private static ReportAlert Alert() => new("orders-ingest", "p95DurationMs", 100, 150, 50, 10, "orders-ingest: p95 rose 50% week to week");

    private Task<string> WriteRunAsync(string runId, TuningReport report, bool sign) =>
        ReportFiles.WriteAsync(Path.Combine(_folder.FullName, runId), report, sign ? KeyPath : null);
}
