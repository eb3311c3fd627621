using System.Text.Json;
using Tuner.Cli.Output;
using Tuner.IntegrationTests.Workflow;

namespace Tuner.IntegrationTests.Cli;

/// <summary>
/// <c>tuner run</c>'s week to week on this machine: each local run starts with an empty bucket, and the previous run
/// comes from the reports folder, only when its signature verifies.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalHistoryTests(LocalEnginesFixture fixture) : IDisposable
{
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("tuner-history-");

    [Fact]
    public async Task Run_TwiceLocally_SecondComparesWithTheFirstAndASlowedTargetExitsWithTheAlertCode()
    {
        var engines = await fixture.GetWorkflowAsync();
        var job = "history-" + Guid.NewGuid().ToString("N")[..8];
        // The key exists once any run has signed a report; run first in fresh engines, this test would otherwise read
        // "no local signing key yet" instead of "nothing to compare with".
        _ = Tuner.Aws.Signing.LocalSigningKey.LoadOrCreate(engines.SigningKeyPath);

        var first = await RunAsync(engines, job, sleepMs: 20, failOnAlert: true);
        await ForgetBucketHistoryAsync(engines, job);
        var second = await RunAsync(engines, job, sleepMs: 200, failOnAlert: true);

        Assert.True(first.Exit == ExitCodes.Succeeded, first.Text);
        var firstReport = first.Json.RootElement.GetProperty("report");
        Assert.Equal(JsonValueKind.Null, firstReport.GetProperty("previousRunId").ValueKind);
        Assert.Contains("nothing to compare with", first.Text, StringComparison.Ordinal);
        // tuner run verifies the Cleaner's signed record with the local key too.
        Assert.Contains("Cleanup record verified (cleanup.sig.json)", first.Text, StringComparison.Ordinal);
        var firstRunId = firstReport.GetProperty("runId").GetString()!;

        Assert.True(second.Exit == ExitCodes.RegressionAlert, second.Text);
        var secondReport = second.Json.RootElement.GetProperty("report");
        Assert.Equal(firstRunId, secondReport.GetProperty("previousRunId").GetString());
        Assert.Contains($"Week to week: compared with run {firstRunId}", second.Text, StringComparison.Ordinal);
        var alerts = secondReport.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("metric").GetString()!).ToList();
        Assert.Contains(alerts, m => m.EndsWith("DurationMs", StringComparison.Ordinal));
        // The week-to-week section of the signed report itself is filled.
        var written = Tuner.Core.Reports.TuningReport.Parse(await File.ReadAllBytesAsync(Path.Combine(second.Json.RootElement.GetProperty("reportDirectory").GetString()!, "report.json")));
        Assert.Equal(firstRunId, written.Trend!.PreviousRunId);
        Assert.NotEmpty(written.Trend.Entries);
    }

    [Fact]
    public async Task Run_PreviousReportChangedAfterSigning_IsNeverTheComparisonAndTheRunSaysSo()
    {
        var engines = await fixture.GetWorkflowAsync();
        var job = "history-" + Guid.NewGuid().ToString("N")[..8];
        var first = await RunAsync(engines, job, sleepMs: 20, failOnAlert: false);
        Assert.True(first.Exit == ExitCodes.Succeeded, first.Text);
        var firstReport = Path.Combine(first.Json.RootElement.GetProperty("reportDirectory").GetString()!, "report.json");
        var bytes = await File.ReadAllBytesAsync(firstReport);
        await File.WriteAllBytesAsync(firstReport, [.. bytes, (byte)' ']);
        await ForgetBucketHistoryAsync(engines, job);

        var second = await RunAsync(engines, job, sleepMs: 200, failOnAlert: true);

        Assert.True(second.Exit == ExitCodes.Succeeded, second.Text);
        Assert.Equal(JsonValueKind.Null, second.Json.RootElement.GetProperty("report").GetProperty("previousRunId").ValueKind);
        Assert.Contains($"skipped {firstReport}: its signature does not verify", second.Text, StringComparison.Ordinal);
    }

    public void Dispose() => _reports.Delete(recursive: true);

    /// <summary>The shared stack keeps its bucket between runs; a real local run starts with an empty one.</summary>
    private static Task ForgetBucketHistoryAsync(WorkflowEngines engines, string job) => engines.Store.DeleteAsync($"jobs/{job}/latest.json");

    private Task<(int Exit, JsonDocument Json, string Text)> RunAsync(WorkflowEngines engines, string job, int sleepMs, bool failOnAlert) =>
        LocalRuns.RunAsync(engines, _reports, job, WorkflowEngines.History, sleepMs, "[512]", failOnAlert);
}
