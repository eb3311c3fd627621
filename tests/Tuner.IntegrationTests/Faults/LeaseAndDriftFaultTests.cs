using System.Text;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.IntegrationTests.S3;
using Tuner.IntegrationTests.Workflow;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Faults;

/// <summary>
/// Faults around who may change a target and what it is, on the real local engines (the whole workflow): a second run
/// while the first holds the lease, the owner changing the configuration mid-run, a deploy between Tuner's update and
/// its publish (of the only target: the run fails; of one of two: only that one is dropped), an expired lease of an
/// ended run. Each asserts the target as its owner left it, no <c>tuner:</c> version
/// left, the lease released, and a clear message.
/// </summary>
[Trait("Category", "Fault")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LeaseAndDriftFaultTests(LocalEnginesFixture fixture)
{
    // Each invocation of the target sleeps this long, so a run is still measuring when the test acts on it.
    private const string SlowPayload = """{"milliseconds": 300}""";

    private static string LeaseKey(string function) => "locks/" + function;

    private static async Task<string?> LeaseHolderAsync(WorkflowEngines engines, string function)
    {
        var bytes = await engines.Store.GetAsync(LeaseKey(function));
        if (bytes is null)
        {
            return null;
        }

        using var lease = JsonDocument.Parse(bytes);
        return lease.RootElement.GetProperty("runId").GetString();
    }

    private static async Task AssertNoTunerVersionAsync(WorkflowEngines engines, string function)
    {
        var versions = await engines.Lambda.ListVersionsByFunctionAsync(function);
        Assert.DoesNotContain(versions, v => v.Description?.StartsWith("tuner:", StringComparison.Ordinal) == true);
    }

    private static string Cleanup(LocalRunResult run) =>
        run.Outcome.Output is { } output && output.TryGetProperty("cleanup", out var cleanup) ? cleanup.GetRawText() : "(no cleanup in the output)";

    [Fact]
    public async Task SecondRun_WhileTheFirstHoldsTheLease_RefusedNamingTheFirstAndTheFirstFinishesClean()
    {
        var engines = await fixture.GetWorkflowAsync();
        var function = WorkflowEngines.Leased;
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        var request = WorkflowRun.Request(function, "[256, 512]", payload: SlowPayload);
        LocalRunResult? second = null;
        string? holderDuringSecond = null;
        var trigger = new OnEvent(
            e => e.Event == "StateEntered" && e.State == "Measure",
            async () =>
            {
                holderDuringSecond = await LeaseHolderAsync(engines, function);
                second = await engines.Cloud.RunExecutionAsync(request);
            });

        var first = await engines.Cloud.RunExecutionAsync(request, trigger);
        await trigger.Fired;

        Assert.True(first.Outcome.Succeeded, $"{first.Outcome.Error}: {first.Outcome.Cause}");
        Assert.Equal(first.RunId, holderDuringSecond);
        Assert.NotNull(second);
        Assert.False(second.Outcome.Succeeded);
        Assert.Contains("FunctionLeasedException", second.Outcome.Cause + second.Outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"{function} is leased by run {first.RunId} until ", second.Outcome.Cause, StringComparison.Ordinal);
        await WorkflowRun.AssertUnchangedAsync(engines, function, before);
        Assert.Null(await LeaseHolderAsync(engines, function));
        Assert.Null(await engines.Store.GetAsync($"runs/{second.RunId}/plan.json"));
    }

    [Fact]
    public async Task OwnerChangesTheConfigurationMidRun_ChangeKeptAndTheRunSaysSo()
    {
        var engines = await fixture.GetWorkflowAsync();
        var function = WorkflowEngines.Drifting;
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        var owners = new Dictionary<string, string>(before.Environment) { ["OWNER_RELEASE"] = "2026-12-01" };
        var trigger = new OnEvent(
            e => e.Event == "StateEntered" && e.State == "Measure",
            () => WorkflowRun.UpdateEnvironmentAsync(engines, function, owners));
        try
        {
            var run = await engines.Cloud.RunExecutionAsync(WorkflowRun.Request(function, "[256, 512]", payload: SlowPayload), trigger);
            await trigger.Fired;

            Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
            var after = await engines.Lambda.GetFunctionConfigurationAsync(function);
            Assert.Equal("2026-12-01", after.Environment["OWNER_RELEASE"]);
            Assert.Equal(before.MemorySizeMb, after.MemorySizeMb);
            await AssertNoTunerVersionAsync(engines, function);
            Assert.Null(await LeaseHolderAsync(engines, function));
            var cleanup = Cleanup(run);
            Assert.Contains("keptOwnersChange", cleanup, StringComparison.Ordinal);
            Assert.Contains("environment variables added OWNER_RELEASE", cleanup, StringComparison.Ordinal);
            Assert.Contains("Tuner kept that change", cleanup, StringComparison.Ordinal);
            await AssertSignedCleanupRecordNamesTheKeptChangeAsync(engines, run.RunId, function, "environment variables added OWNER_RELEASE");
            await AssertTunerReportSaysTheChangeWasKeptAsync(engines, run.RunId, function, OwnersChange.Environment);
        }
        finally
        {
            await WorkflowRun.UpdateEnvironmentAsync(engines, function, before.Environment);
        }
    }

    /// <summary>
    /// What a user reads of it: the run's folder as <c>tuner run</c> leaves it (the Cleaner's cleanup.html beside
    /// report.html), and <c>tuner report</c> on that folder: the signed cleanup record verified with the local key, the
    /// kept change with the fields changed, when the Cleaner saw it, and that it was kept, not restored.
    /// </summary>
    private static async Task AssertTunerReportSaysTheChangeWasKeptAsync(WorkflowEngines engines, string runId, string function, string field)
    {
        var folder = Directory.CreateTempSubdirectory("tuner-kept-");
        try
        {
            var verifier = Tuner.Aws.Signing.LocalKeyReportVerifier.FromFile(engines.SigningKeyPath);
            var download = await new Tuner.Cli.Deployed.ReportDownloader(engines.Store, verifier, verifier).DownloadAsync(runId, folder.FullName, CancellationToken.None);
            Assert.Contains(Path.Combine(folder.FullName, BucketKeys.CleanupHtmlFile), download.Files);
            var html = await File.ReadAllTextAsync(Path.Combine(folder.FullName, BucketKeys.CleanupHtmlFile));
            Assert.Contains($"data-function=\"{function}\" data-kept=\"True\"", html, StringComparison.OrdinalIgnoreCase);
            using var text = new StringWriter();
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(text),
                Ansi = Spectre.Console.AnsiSupport.No,
                ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
                Interactive = Spectre.Console.InteractionSupport.No,
            });
            console.Profile.Width = 1000;

            var exit = await Tuner.Cli.Commands.ReportCommand.RunAsync(
                new Tuner.Cli.Commands.ReportCommand.ReportOptions(folder.FullName, folder.FullName, false, false) { PublicKeyPath = engines.SigningKeyPath }, console, TextWriter.Null, _ => false, CancellationToken.None);

            Assert.Equal(0, exit);
            var output = text.ToString();
            Assert.Contains("Cleanup record verified", output, StringComparison.Ordinal);
            Assert.Matches(
                $@"owner's later change kept: {function}: .*Tuner kept that change.* \[changed: {field}; seen by the Cleaner \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d UTC; kept, not restored\]",
                output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The Cleaner's cleanup.json beside the report is signed (cleanup.sig.json, the local key here, the Cleaner's KMS
    /// key on AWS), verifies with the run's key, and names the owner's change it kept (what changed, when, that it was
    /// kept); the same bytes with "restored" written over "keptOwnersChange" are refused.
    /// </summary>
    private static async Task AssertSignedCleanupRecordNamesTheKeptChangeAsync(WorkflowEngines engines, string runId, string function, string whatChanged)
    {
        var record = await engines.Store.GetAsync($"runs/{runId}/cleanup.json");
        var signatureBytes = await engines.Store.GetAsync($"runs/{runId}/cleanup.sig.json");
        Assert.NotNull(record);
        Assert.NotNull(signatureBytes);
        var signature = ReportSignatureFile.Parse(signatureBytes);
        var verifier = Tuner.Aws.Signing.LocalKeyReportVerifier.FromFile(engines.SigningKeyPath);

        var verdict = await Tuner.Aws.Signing.SignedCleanupCheck.CheckAsync(verifier, record, signature, runId);

        Assert.True(verdict.Valid, verdict.Problem);
        var kept = Assert.Single(verdict.KeptChanges);
        Assert.Equal(function, kept.Function);
        Assert.Contains(whatChanged, kept.Reason, StringComparison.Ordinal);
        Assert.Contains("last modified ", kept.Reason, StringComparison.Ordinal);
        Assert.Contains("Tuner kept that change", kept.Reason, StringComparison.Ordinal);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(record).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));
        Assert.False((await Tuner.Aws.Signing.SignedCleanupCheck.CheckAsync(verifier, tampered, signature, runId)).Valid);
    }

    [Fact]
    public async Task CodeDeployedBetweenUpdateAndPublish_TargetRefusedNoVersionWithTheNewCodeAndTheDeployKept()
    {
        var engines = await fixture.GetWorkflowAsync();
        var function = WorkflowEngines.Deployed;
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The deploy lands as soon as Tuner's first test configuration has settled on $LATEST, before its publish.
        var deploy = DeployWhenTunerHasUpdatedAsync(engines, function, before, watching.Token);

        var run = await engines.Cloud.RunExecutionAsync(WorkflowRun.Request(function, "[256, 512]"));
        var deployedSha = await deploy;

        Assert.False(run.Outcome.Succeeded, "the run measured a function whose code changed under it");
        Assert.Contains("FunctionChangedException", run.Outcome.Cause + run.Outcome.Error, StringComparison.Ordinal);
        Assert.Contains($"{function} changed", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Contains("code ", run.Outcome.Cause, StringComparison.Ordinal);
        var after = await engines.Lambda.GetFunctionConfigurationAsync(function);
        Assert.Equal(deployedSha, after.CodeSha256);
        Assert.Equal(before.MemorySizeMb, after.MemorySizeMb);
        Assert.Equal(before.Environment.OrderBy(kv => kv.Key), after.Environment.OrderBy(kv => kv.Key));
        var versions = await engines.Lambda.ListVersionsByFunctionAsync(function);
        Assert.DoesNotContain(versions, v => v.Version != "$LATEST" && v.CodeSha256 == deployedSha);
        await AssertNoTunerVersionAsync(engines, function);
        Assert.Null(await LeaseHolderAsync(engines, function));
    }

    [Fact]
    public async Task CodeDeployedOnOneOfTwoTargetsWhilePublishing_OnlyThatTargetDroppedAndTheOtherMeasured()
    {
        var engines = await fixture.GetWorkflowAsync();
        var dropped = WorkflowEngines.Deployed;
        var measured = WorkflowEngines.Companion;
        var droppedBefore = await engines.Lambda.GetFunctionConfigurationAsync(dropped);
        var measuredBefore = await engines.Lambda.GetFunctionConfigurationAsync(measured);
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The deploy lands as soon as Tuner's first test configuration of the first target has settled, before its publish.
        var deploy = DeployWhenTunerHasUpdatedAsync(engines, dropped, droppedBefore, watching.Token);
        var request = $$"""
            {
              "job": "wf-two-one-deployed",
              "targets": [
                { "function": "{{dropped}}", "payload": {}, "memoryMb": [256, 512], "invocations": 3, "concurrency": 1 },
                { "function": "{{measured}}", "payload": {"milliseconds": 5}, "memoryMb": [256, 512], "invocations": 3, "concurrency": 1 }
              ]
            }
            """;

        var run = await engines.Cloud.RunExecutionAsync(request);
        var deployedSha = await deploy;

        Assert.True(run.Outcome.Succeeded, $"one target's deploy failed the whole run: {run.Outcome.Error}: {run.Outcome.Cause}");
        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        var target = Assert.Single(report.Targets);
        Assert.Equal(measured, target.Function);
        Assert.NotEmpty(target.Cells);
        var warning = Assert.Single(report.Warnings, w => w.Contains($"targets[0] {dropped} was dropped", StringComparison.Ordinal));
        Assert.Contains("code ", warning, StringComparison.Ordinal);
        Assert.Contains("not measured", warning, StringComparison.Ordinal);
        var output = run.Outcome.Output!.Value.Deserialize(StateOutputJson.Default.ReducerOutput)!;
        Assert.Contains(output.Recommendations, t => t.StartsWith($"{dropped}: dropped, not measured (", StringComparison.Ordinal));
        var cleanup = Cleanup(run);
        Assert.Contains("keptOwnersChange", cleanup, StringComparison.Ordinal);
        Assert.Contains("dropped from the run while Tuner published", cleanup, StringComparison.Ordinal);
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/cleanup.json"));

        // The dropped target as its owner has it: their code, Tuner's settings back, no version of the run, no lease.
        var after = await engines.Lambda.GetFunctionConfigurationAsync(dropped);
        Assert.Equal(deployedSha, after.CodeSha256);
        Assert.Equal(droppedBefore.MemorySizeMb, after.MemorySizeMb);
        Assert.Equal(droppedBefore.Environment.OrderBy(kv => kv.Key), after.Environment.OrderBy(kv => kv.Key));
        await AssertNoTunerVersionAsync(engines, dropped);
        Assert.Null(await LeaseHolderAsync(engines, dropped));
        await WorkflowRun.AssertUnchangedAsync(engines, measured, measuredBefore);
        Assert.Null(await LeaseHolderAsync(engines, measured));
    }

    [Fact]
    public async Task ExpiredLeaseOfAnEndedRun_TakenOverAndReleasedAfter()
    {
        var engines = await fixture.GetWorkflowAsync();
        var function = WorkflowEngines.Leased;
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        var request = WorkflowRun.Request(function, "[256]");
        LocalRunResult first;
        // The first run's Cleaner cannot delete the lease: the run ends, its lease stays behind.
        await using (await LocalEnginesFixture.InjectS3FaultsAsync(engines.Cloud.S3.ServiceUrl, new S3FaultRule(403, "AccessDenied", Method: "DELETE", KeyPrefix: LeaseKey(function))))
        {
            first = await engines.Cloud.RunExecutionAsync(request);
        }

        Assert.Equal(first.RunId, await LeaseHolderAsync(engines, function));
        Assert.NotNull(await engines.Store.GetAsync($"runs/{first.RunId}/ended.json"));
        await ExpireLeaseAsync(engines.Store, LeaseKey(function));

        var second = await engines.Cloud.RunExecutionAsync(request);

        Assert.True(second.Outcome.Succeeded, $"{second.Outcome.Error}: {second.Outcome.Cause}");
        await WorkflowRun.AssertUnchangedAsync(engines, function, before);
        Assert.Null(await LeaseHolderAsync(engines, function));
        using var plan = JsonDocument.Parse(await engines.Store.GetAsync($"runs/{second.RunId}/plan.json") ?? []);
        var note = Assert.Single(plan.RootElement.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Contains($"took over the lease of {function} from run {first.RunId}", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredLeaseOfARunWithNoEndedMarker_RefusedUntilTheRunIsMarkedEnded()
    {
        var engines = await fixture.GetWorkflowAsync();
        var function = WorkflowEngines.Leased;
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        var request = WorkflowRun.Request(function, "[256]");
        // A run whose host died before any Cleaner ran: its lease is left behind, expired, and nothing says the run
        // ended (locally the run's ended.json; on AWS DescribeExecution). Expiry alone must not hand the function over.
        var orphan = LocalCloudSession.NewRunId(TimeProvider.System);
        var expiredAt = DateTimeOffset.UtcNow.AddHours(-1);
        await engines.Store.PutAsync(
            LeaseKey(function),
            Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { function, runId = orphan, executionArn = (string?)null, acquiredAt = expiredAt.AddHours(-24).ToString("O"), expiresAt = expiredAt.ToString("O") })),
            "application/json");
        try
        {
            var refused = await engines.Cloud.RunExecutionAsync(request);

            Assert.False(refused.Outcome.Succeeded, "an expired lease of a run not known to have ended was taken over");
            Assert.Contains("FunctionLeasedException", refused.Outcome.Cause + refused.Outcome.Error, StringComparison.Ordinal);
            Assert.Contains($"{function} is leased by run {orphan}: the lease expired ", refused.Outcome.Cause, StringComparison.Ordinal);
            Assert.Contains("whether its execution ended cannot be told", refused.Outcome.Cause, StringComparison.Ordinal);
            Assert.Equal(orphan, await LeaseHolderAsync(engines, function));
            Assert.Null(await engines.Store.GetAsync($"runs/{refused.RunId}/plan.json"));
            await WorkflowRun.AssertUnchangedAsync(engines, function, before);

            // The run's ended marker, as its Cleaner (or the stack's, after a stop) writes it: now the lease is taken over.
            await engines.Store.PutAsync(
                $"runs/{orphan}/{BucketKeys.EndedFile}",
                Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { runId = orphan, outcome = "ABORTED", endedAt = DateTimeOffset.UtcNow.ToString("O") })),
                "application/json");
            var next = await engines.Cloud.RunExecutionAsync(request);

            Assert.True(next.Outcome.Succeeded, $"{next.Outcome.Error}: {next.Outcome.Cause}");
            using var plan = JsonDocument.Parse(await engines.Store.GetAsync($"runs/{next.RunId}/plan.json") ?? []);
            Assert.Contains(plan.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains($"took over the lease of {function} from run {orphan}", StringComparison.Ordinal));
            Assert.Null(await LeaseHolderAsync(engines, function));
            await WorkflowRun.AssertUnchangedAsync(engines, function, before);
        }
        finally
        {
            if (await LeaseHolderAsync(engines, function) == orphan)
            {
                await engines.Store.DeleteAsync(LeaseKey(function));
            }
        }
    }

    /// <summary>Moves a lease's expiry an hour into the past, as if its 24 hours had passed.</summary>
    private static async Task ExpireLeaseAsync(IObjectStore store, string key)
    {
        var lease = System.Text.Json.Nodes.JsonNode.Parse(await store.GetAsync(key) ?? throw new InvalidOperationException($"no {key}"))!;
        lease["expiresAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        await store.PutAsync(key, Encoding.UTF8.GetBytes(lease.ToJsonString()), "application/json");
    }

    /// <summary>
    /// Polls <c>$LATEST</c> until Tuner's first test configuration has settled on it (memory other than the
    /// baseline's), then deploys new code (UpdateFunctionCode, as a CI pipeline would); returns the new code's hash.
    /// </summary>
    private static async Task<string> DeployWhenTunerHasUpdatedAsync(
        WorkflowEngines engines, string function, FunctionConfiguration before, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = engines.Cloud.Lambda.Endpoint };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await engines.Lambda.GetFunctionConfigurationAsync(function, cancellationToken: cancellationToken);
            if (current.MemorySizeMb != before.MemorySizeMb && current.LastUpdateStatus == "Successful")
            {
                var zip = Encoding.UTF8.GetBytes("release 2026-12-01 " + Guid.NewGuid());
                using var body = new StringContent(JsonSerializer.Serialize(new { ZipFile = Convert.ToBase64String(zip) }), Encoding.UTF8, "application/json");
                using var response = await http.PutAsync($"2015-03-31/functions/{function}/code", body, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    return answer.RootElement.GetProperty("CodeSha256").GetString()!;
                }
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
