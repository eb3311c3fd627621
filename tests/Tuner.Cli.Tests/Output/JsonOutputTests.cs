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

    [Fact]
    public async Task Report_JsonWithCleanupRecord_DocumentOfTheSchemaWithEachTargetsOutcomeAndTheKeptChangesFields()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-kept" });
        var path = await WriteRunAsync("run-kept", report, sign: true);
        await ReportFiles.WriteCleanupAsync(Path.GetDirectoryName(path)!, ReportFiles.KeptOwnersChange("run-kept"), report.Run.Job, KeyPath);
        using var json = new StringWriter();

        var exit = await ReportCommand.RunAsync(
            new ReportCommand.ReportOptions(path, _folder.FullName, false, false, Json: true) { PublicKeyPath = LocalSigningKey.PublicKeyPathFor(KeyPath) }, _console.Console, _error, _ => false, json, CancellationToken.None);

        Assert.True(exit == ExitCodes.Succeeded, _error.ToString());
        OutputSchema.AssertValid(json.ToString());
        var cleanup = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("cleanup");
        Assert.Equal("verified", cleanup.GetProperty("state").GetString());
        var kept = cleanup.GetProperty("targets")[0];
        Assert.Equal(("orders-ingest", "keptOwnersChange"), (kept.GetProperty("function").GetString(), kept.GetProperty("outcome").GetString()));
        Assert.Equal(["memory", "environment"], kept.GetProperty("change").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 1, 2, TimeSpan.Zero), kept.GetProperty("change").GetProperty("seenAt").GetDateTimeOffset());
        Assert.Equal("restored", cleanup.GetProperty("targets")[1].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task History_WithCleanupRecords_TellsEachRunsCleanupAndFlagsOneThatDoesNotVerify()
    {
        // Before: history listed only the reports, signed before their Cleaners ran.
        var kept = await WriteRunAsync("run-kept", SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-kept" }), sign: true);
        await ReportFiles.WriteCleanupAsync(Path.GetDirectoryName(kept)!, ReportFiles.KeptOwnersChange("run-kept"), "orders-weekly", KeyPath);
        var forged = await WriteRunAsync("run-forged", SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-forged", FinishedAt = new DateTimeOffset(2026, 11, 14, 6, 0, 0, TimeSpan.Zero) }), sign: true);
        var forgedRecord = await ReportFiles.WriteCleanupAsync(Path.GetDirectoryName(forged)!, ReportFiles.KeptOwnersChange("run-forged"), "orders-weekly", KeyPath);
        await File.WriteAllTextAsync(forgedRecord, (await File.ReadAllTextAsync(forgedRecord)).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));
        await WriteRunAsync("run-old", SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-old", FinishedAt = new DateTimeOffset(2026, 11, 7, 6, 0, 0, TimeSpan.Zero) }), sign: true);
        var publicKey = LocalSigningKey.PublicKeyPathFor(KeyPath);
        using var json = new StringWriter();

        var exit = await HistoryCommand.RunAsync("orders-weekly", _folder.FullName, _console.Console, _error, null, publicKey);
        var jsonExit = await HistoryCommand.RunAsync("orders-weekly", _folder.FullName, new TextConsole().Console, _error, json, publicKey);

        Assert.Equal((0, 0), (exit, jsonExit));
        Assert.Contains("after the report", _console.Output, StringComparison.Ordinal);
        Assert.Contains("kept owner's change: orders-ingest (memory, environment)", _console.Output, StringComparison.Ordinal);
        Assert.Contains("record does not verify", _console.Output, StringComparison.Ordinal);
        OutputSchema.AssertValid(json.ToString());
        var runs = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["run-kept", "run-forged", "run-old"], runs.Select(r => r.GetProperty("report").GetProperty("runId").GetString()));
        Assert.Equal("verified", runs[0].GetProperty("cleanup").GetProperty("state").GetString());
        Assert.Equal("doesNotVerify", runs[1].GetProperty("cleanup").GetProperty("state").GetString());
        Assert.Empty(runs[1].GetProperty("cleanup").GetProperty("targets").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, runs[2].GetProperty("cleanup").ValueKind);
    }

    [Fact]
    public async Task Verify_JsonOfAReportWithTheCleanersRecordBeside_DocumentOfTheSchemaWithTheCheckedRecord()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { RunId = "run-kept" });
        var path = await WriteRunAsync("run-kept", report, sign: true);
        await ReportFiles.WriteCleanupAsync(Path.GetDirectoryName(path)!, ReportFiles.KeptOwnersChange("run-kept"), report.Run.Job, KeyPath);
        using var json = new StringWriter();

        var exit = await VerifyCommand.RunJsonAsync(
            new VerifyCommand.VerifyOptions(new FileInfo(path), null, new FileInfo(LocalSigningKey.PublicKeyPathFor(KeyPath)), "unused"), new FakeKeySources(), json, CancellationToken.None);

        Assert.Equal(VerifyCommand.Verified, exit);
        OutputSchema.AssertValid(json.ToString());
        var cleanup = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("cleanup");
        Assert.Equal("verified", cleanup.GetProperty("state").GetString());
        Assert.Equal(["memory", "environment"], cleanup.GetProperty("targets")[0].GetProperty("change").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
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
