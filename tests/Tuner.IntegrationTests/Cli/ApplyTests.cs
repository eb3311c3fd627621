using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.IntegrationTests.Workflow;

namespace Tuner.IntegrationTests.Cli;

/// <summary>
/// <c>tuner apply</c> on a local run, in the local Lambda service the run tuned: the recommendation is applied (and an
/// alias points at a new version of it); a function changed since the run and an unverified report are refused and the
/// function is left as it was.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class ApplyTests(LocalEnginesFixture fixture) : IDisposable
{
    private const int OwnersMemoryMb = 1024;
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("tuner-apply-");

    [Fact]
    public async Task Apply_LocalRun_DryRunChangesNothingThenTheRecommendationIsAppliedBehindAnAlias()
    {
        var engines = await fixture.GetWorkflowAsync();
        await SetMemoryAsync(engines, OwnersMemoryMb);
        var report = await RunAsync(engines);

        var (dryExit, dryText) = await ApplyAsync(engines, report, alias: "live", dryRun: true);
        var afterDryRun = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Apply);
        var (exit, text) = await ApplyAsync(engines, report, alias: "live", dryRun: false);

        Assert.True(dryExit == ExitCodes.Succeeded, dryText);
        Assert.Contains($"memory: {OwnersMemoryMb} MB → 512 MB", dryText, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was changed.", dryText, StringComparison.Ordinal);
        Assert.Equal(OwnersMemoryMb, afterDryRun.MemorySizeMb);
        Assert.True(exit == ExitCodes.Succeeded, text);
        var latest = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Apply);
        Assert.Equal(512, latest.MemorySizeMb);
        var aliased = await AliasVersionAsync(engines, "live");
        Assert.Equal(512, (await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Apply, aliased)).MemorySizeMb);
        Assert.Contains($"version {aliased}, alias live", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_UnverifiedReportOrFunctionChangedSinceTheRun_IsRefusedAndTheFunctionLeftAsItWas()
    {
        var engines = await fixture.GetWorkflowAsync();
        await SetMemoryAsync(engines, OwnersMemoryMb);
        var report = await RunAsync(engines);
        var tampered = Directory.CreateDirectory(Path.Combine(_reports.FullName, "tampered")).FullName;
        File.Copy(Path.Combine(Path.GetDirectoryName(report)!, "report.sig.json"), Path.Combine(tampered, "report.sig.json"));
        var bytes = await File.ReadAllBytesAsync(report);
        await File.WriteAllBytesAsync(Path.Combine(tampered, "report.json"), [.. bytes, (byte)' ']);

        var (unverifiedExit, unverifiedText) = await ApplyAsync(engines, Path.Combine(tampered, "report.json"), alias: null, dryRun: false);
        var afterUnverified = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Apply);
        // The owner resizes the function after the run.
        await SetMemoryAsync(engines, 2048);
        var (driftExit, driftText) = await ApplyAsync(engines, report, alias: null, dryRun: false);

        Assert.True(unverifiedExit == ExitCodes.Failed, unverifiedText);
        Assert.Contains("refusing an unverified report", unverifiedText, StringComparison.Ordinal);
        Assert.Equal(OwnersMemoryMb, afterUnverified.MemorySizeMb);
        Assert.True(driftExit == ExitCodes.Drifted, driftText);
        Assert.Contains($"changed since the run: memory: the run measured {OwnersMemoryMb} MB, the function now has 2048 MB", driftText, StringComparison.Ordinal);
        Assert.Equal(2048, (await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Apply)).MemorySizeMb);
    }

    public void Dispose() => _reports.Delete(recursive: true);

    /// <summary>A run of the apply target at 512 MB (its sleep does not depend on memory, so 512 MB is cheaper); its report.json.</summary>
    private async Task<string> RunAsync(WorkflowEngines engines)
    {
        var job = "apply-" + Guid.NewGuid().ToString("N")[..8];
        var run = await LocalRuns.RunAsync(engines, _reports, job, WorkflowEngines.Apply, sleepMs: 30, "[512]", failOnAlert: false);
        Assert.True(run.Exit == ExitCodes.Succeeded, run.Text);
        var target = run.Json.RootElement.GetProperty("report").GetProperty("targets")[0];
        Assert.True(target.GetProperty("action").GetString() == "switch", run.Json.RootElement.ToString());
        return Path.Combine(run.Json.RootElement.GetProperty("reportDirectory").GetString()!, "report.json");
    }

    private static async Task<(int Exit, string Text)> ApplyAsync(WorkflowEngines engines, string report, string? alias, bool dryRun)
    {
        using var text = new StringWriter();
        var settings = new ApplyCommand.ApplySettings(
            report, Path.GetTempPath(), alias, dryRun, new FileInfo(Path.Combine(engines.KeyDirectory, LocalSigningKey.PublicKeyFileName)), KeyId: null, "unused");
        var exit = await ApplyCommand.RunAsync(
            settings, _ => engines.Lambda, new NoKms(), ConsoleFactory.Create(text, redirected: true, _ => null), TimeProvider.System, CancellationToken.None);
        return (exit, text.ToString());
    }

    private static Task SetMemoryAsync(WorkflowEngines engines, int memoryMb) =>
        WorkflowRun.UpdateMemoryAsync(engines, WorkflowEngines.Apply, memoryMb);

    private static async Task<string> AliasVersionAsync(WorkflowEngines engines, string alias)
    {
        using var http = new HttpClient { BaseAddress = engines.Cloud.Lambda.Endpoint };
        using var document = JsonDocument.Parse(await http.GetStringAsync($"2015-03-31/functions/{WorkflowEngines.Apply}/aliases/{alias}"));
        return document.RootElement.GetProperty("FunctionVersion").GetString()!;
    }

    /// <summary>A local report needs no KMS key.</summary>
    private sealed class NoKms : VerifyCommand.IKeySources
    {
        public Tuner.Core.Ports.IReportVerifier KmsVerifier(string expectedKeyId) => throw new InvalidOperationException("a local report needs no KMS");

        public Task<string> StackSigningKeyIdAsync(string stackName, CancellationToken cancellationToken) => throw new InvalidOperationException("a local report needs no stack");
    }
}
