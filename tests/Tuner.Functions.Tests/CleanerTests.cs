using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Functions.Messages;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class CleanerTests : IDisposable
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();
    private readonly string _keyDirectory = Path.Combine(Path.GetTempPath(), "tuner-cleaner-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_keyDirectory))
        {
            Directory.Delete(_keyDirectory, recursive: true);
        }
    }

    private Cleaner CreateCleaner() => new(_lambda, _store, TimeProvider.System);

    private async Task PlanAsync(string runId = Requests.RunId)
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId });
    }

    /// <summary>
    /// Runs a signing Cleaner (its local key in this test's own folder) after a run during which the owner set
    /// orders-ingest's memory 512 → 2048 MB; returns the signer, whose key checks what the Cleaner wrote.
    /// </summary>
    private async Task<Tuner.Aws.Signing.LocalKeyReportSigner> CleanOwnerChangedRunSignedAsync()
    {
        var signer = new Tuner.Aws.Signing.LocalKeyReportSigner(Path.Combine(_keyDirectory, "report-signing.pem"));
        _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        _lambda.OwnerChanges("orders-ingest", c => c with { MemorySizeMb = 2048 });
        var cleaner = new Cleaner(_lambda, _store, TimeProvider.System, Cleaner.DefaultBudget, signer);

        await HandlerCall.InvokeAsync<CleanerOutput>(cleaner.Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });
        return signer;
    }

    /// <summary>Puts one of <see cref="Requests.Small"/>'s planned configurations on <c>$LATEST</c>, as a run that died mid-publish leaves it.</summary>
    private async Task LeaveAtAPlannedConfigurationAsync(string function)
    {
        await _lambda.UpdateFunctionConfigurationAsync(function, new FunctionConfigurationUpdate(
            256, null, new Dictionary<string, string> { ["TABLE"] = "events", ["TUNER_DDB_BATCH_SIZE"] = "10", ["TUNER_DDB_PARALLELISM"] = "2" }));
        ForgetRecordedRevisions();
    }

    /// <summary>
    /// Removes the revisions plan.json records of the targets the Planner was done with: a Planner that died mid-publish
    /// recorded none (it records a target's revision only once it has put the baseline back and will not write to it again).
    /// </summary>
    private void ForgetRecordedRevisions(string runId = Requests.RunId)
    {
        var key = BucketKeys.Plan(runId);
        var plan = System.Text.Json.Nodes.JsonNode.Parse(_store.Objects[key])!.AsObject();
        plan.Remove("revisions");
        _store.Objects[key] = System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString());
    }

    /// <summary>Plans a run over two functions (first "orders-ingest", then "payments-ingest"), then leaves both changed as a stopped run would.</summary>
    private async Task<(FakeFunction First, FakeFunction Second)> PlanTwoTargetsLeftChangedAsync()
    {
        var first = _lambda.Add("orders-ingest", memoryMb: 512);
        var second = _lambda.Add("payments-ingest", memoryMb: 1024);
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = TwoTargets, runId = Requests.RunId });
        // Each left at the configuration of one of its planned versions (256 MB), as a run stopped mid-publish leaves it.
        foreach (var name in new[] { "orders-ingest", "payments-ingest" })
        {
            await _lambda.UpdateFunctionConfigurationAsync(name, new FunctionConfigurationUpdate(256));
        }

        ForgetRecordedRevisions();

        return (first, second);
    }

    private static readonly System.Text.Json.JsonElement TwoTargets = Requests.TwoTargets();

    private Task<CleanerOutput> CleanAsync(Cleaner? cleaner = null) =>
        HandlerCall.InvokeAsync<CleanerOutput>((cleaner ?? CreateCleaner()).Handle, new { runId = Requests.RunId, outcome = "ABORTED" });

    private static void AssertAsBaseline(FakeFunction function, int memoryMb)
    {
        Assert.Equal(memoryMb, function.Latest.MemorySizeMb);
        Assert.Equal(30, function.Latest.TimeoutSeconds);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "events" }, function.Latest.Environment);
        Assert.DoesNotContain(function.Versions, v => v.Description?.StartsWith("tuner:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Handle_FirstTargetDeniesUpdate_SecondTargetIsStillRestoredAndEveryOutcomeIsReported()
    {
        var (first, second) = await PlanTwoTargetsLeftChangedAsync();
        first.DeniedOperations.Add("Update");

        var error = await Assert.ThrowsAsync<Errors.CleanupIncompleteException>(() => CleanAsync());

        AssertAsBaseline(second, 1024);
        Assert.Empty(first.Versions);
        Assert.Contains("orders-ingest: failed: restoring $LATEST: AccessDeniedException (403)", error.Message, StringComparison.Ordinal);
        Assert.Contains("payments-ingest: restored, 3 version(s) deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_LastUpdateFailedOnFirstTarget_SecondTargetIsStillRestored()
    {
        var (first, second) = await PlanTwoTargetsLeftChangedAsync();
        first.Latest = first.Latest with { LastUpdateStatus = "Failed" };

        var error = await Assert.ThrowsAsync<Errors.CleanupIncompleteException>(() => CleanAsync());

        AssertAsBaseline(second, 1024);
        Assert.Contains("orders-ingest: failed: restoring $LATEST: the last configuration update of orders-ingest failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_NetworkFailureDeletingOneTargetsVersions_OtherTargetCleanedAndTheCleanerAsksToBeRetried()
    {
        var (first, second) = await PlanTwoTargetsLeftChangedAsync();
        first.FailingOperations["Delete"] = new HttpRequestException("connection reset by peer");

        var error = await Assert.ThrowsAsync<Errors.TransientDependencyException>(() => CleanAsync());

        AssertAsBaseline(second, 1024);
        Assert.Equal(512, first.Latest.MemorySizeMb);
        Assert.Contains("orders-ingest: failed: deleting version 1: connection reset by peer, 0 version(s) deleted, 3 left (orders-ingest:1, orders-ingest:2, orders-ingest:3)", error.Message, StringComparison.Ordinal);

        // The state machine's retry: the failure is gone, the clean target is left alone.
        first.FailingOperations.Clear();
        var updates = second.Updates;
        var output = await CleanAsync();

        Assert.All(output.Targets, t => Assert.True(t.IsClean, t.ToString()));
        AssertAsBaseline(first, 512);
        Assert.Equal(updates, second.Updates);
    }

    [Fact]
    public async Task Handle_TwoCleanersOfTheSameRunAtOnce_BothSucceedAndTheTargetsAreClean()
    {
        var (first, second) = await PlanTwoTargetsLeftChangedAsync();

        var outputs = await Task.WhenAll(CleanAsync(), CleanAsync());

        Assert.All(outputs.SelectMany(o => o.Targets), t => Assert.True(t.IsClean, t.ToString()));
        Assert.Equal(6, outputs.SelectMany(o => o.Targets).Sum(t => t.DeletedVersions.Count));
        AssertAsBaseline(first, 512);
        AssertAsBaseline(second, 1024);
    }

    [Fact]
    public async Task Handle_TargetNeverSettles_StopsAtItsBudgetAndReportsTheTargetLeft()
    {
        var (first, _) = await PlanTwoTargetsLeftChangedAsync();
        first.Latest = first.Latest with { LastUpdateStatus = "InProgress" };
        var cleaner = new Cleaner(_lambda, _store, TimeProvider.System, TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<Errors.TransientDependencyException>(() => CleanAsync(cleaner));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
        Assert.Contains("orders-ingest: failed: restoring $LATEST: the Cleaner's 0 s budget ran out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_Always_RecordsThatTheRunEndedBeforeCleaning()
    {
        _lambda.Add("orders-ingest");
        await PlanAsync();

        await CleanAsync();

        var marker = await _store.GetAsync($"runs/{Requests.RunId}/ended.json");
        Assert.NotNull(marker);
        Assert.Contains("\"outcome\":\"ABORTED\"", System.Text.Encoding.UTF8.GetString(marker), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_AfterARun_DeletesOnlyThatRunsVersions()
    {
        var function = _lambda.Add("orders-ingest");
        await _lambda.PublishVersionAsync("orders-ingest", "production release");
        await PlanAsync("run-other");
        // run-other is over and gave up its lease; its versions are its own Cleaner's to delete.
        _store.Objects.TryRemove(BucketKeys.Lease("orders-ingest"), out _);
        await PlanAsync();

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        var target = Assert.Single(output.Targets);
        Assert.Equal(5, target.DeletedVersions.Count);
        Assert.Empty(target.LeftVersions);
        Assert.Equal(6, function.Versions.Count);
        Assert.Contains(function.Versions, v => v.Description == "production release");
        Assert.Equal(CleanupOutcome.Unchanged, target.Outcome);
    }

    [Fact]
    public async Task Handle_OwnerSetsATestedConfigurationAfterThePlannerPutTheBaselineBack_KeptByItsRevision()
    {
        // The owner picks 256 MB with Tuner's batch knobs (a configuration Tuner also wrote) after the Planner was done:
        // by configuration alone the Cleaner took it for Tuner's and "restored" 512 MB over the owner's change.
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        var left = function.Latest.RevisionId;
        await _lambda.UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(
            256, null, new Dictionary<string, string> { ["TABLE"] = "events", ["TUNER_DDB_BATCH_SIZE"] = "10", ["TUNER_DDB_PARALLELISM"] = "2" }));

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        var target = Assert.Single(output.Targets);
        Assert.Equal(CleanupOutcome.KeptOwnersChange, target.Outcome);
        Assert.Contains($"revision {left} → {function.Latest.RevisionId}", target.Reason, StringComparison.Ordinal);
        Assert.Contains("memory 512 → 256 MB", target.Reason, StringComparison.Ordinal);
        Assert.Equal(256, function.Latest.MemorySizeMb);
        Assert.Empty(function.Versions);
    }

    [Fact]
    public async Task Handle_AnyEnding_WritesEachTargetsOutcomeBesideTheReport()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        await LeaveAtAPlannedConfigurationAsync("orders-ingest");

        await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        var recorded = System.Text.Json.JsonDocument.Parse(_store.Objects[BucketKeys.Cleanup(Requests.RunId)]).RootElement;
        Assert.Equal("failed", recorded.GetProperty("ending").GetString());
        Assert.True(recorded.TryGetProperty("cleanedAt", out _));
        var target = Assert.Single(recorded.GetProperty("targets").EnumerateArray());
        Assert.Equal("orders-ingest", target.GetProperty("function").GetString());
        Assert.Equal("restored", target.GetProperty("outcome").GetString());
        Assert.Equal(512, function.Latest.MemorySizeMb);
    }

    [Fact]
    public async Task Handle_TargetDroppedWhilePublishing_OwnersChangeKeptNamingWhyAndNothingWritten()
    {
        var orders = _lambda.Add("orders-ingest", memoryMb: 512);
        var payments = _lambda.Add("payments-ingest", memoryMb: 1024);
        var publishes = 0;
        _lambda.BeforePublish = () =>
        {
            if (++publishes == 2)
            {
                _lambda.OwnerChanges("orders-ingest", c => c with { MemorySizeMb = 2048 });
            }
        };
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = TwoTargets, runId = Requests.RunId });
        var updates = orders.Updates;

        var output = await CleanAsync();

        var dropped = output.Targets.Single(t => t.Function == "orders-ingest");
        Assert.Equal(CleanupOutcome.KeptOwnersChange, dropped.Outcome);
        Assert.Contains("dropped from the run while Tuner published", dropped.Reason, StringComparison.Ordinal);
        Assert.Contains("memory 512 → 2048 MB", dropped.Reason, StringComparison.Ordinal);
        Assert.Equal(updates, orders.Updates);
        Assert.Equal(2048, orders.Latest.MemorySizeMb);
        Assert.Equal([OwnersChange.Memory], dropped.Change!.Fields);
        Assert.Null(output.Targets.Single(t => t.Function == "payments-ingest").Change);
        Assert.Equal(CleanupOutcome.Unchanged, output.Targets.Single(t => t.Function == "payments-ingest").Outcome);
        Assert.Empty(payments.Versions);
    }

    [Fact]
    public async Task Handle_LatestLeftChanged_RestoresBaseline()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        await PlanAsync();
        await LeaveAtAPlannedConfigurationAsync("orders-ingest");

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        Assert.Equal(CleanupOutcome.Restored, Assert.Single(output.Targets).Outcome);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.TimeoutSeconds, function.Latest.TimeoutSeconds);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_PlanEditedToNameAnotherBaseline_NothingOfItIsWrittenAndTheVersionsAreStillDeleted()
    {
        // Someone who can write the recorded baselines adds a code-loading variable: before, the Cleaner "restored" it
        // onto $LATEST, which held one of Tuner's configurations.
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        await LeaveAtAPlannedConfigurationAsync("orders-ingest");
        var key = BucketKeys.Baselines(Requests.RunId);
        var baselines = System.Text.Json.Nodes.JsonNode.Parse(_store.Objects[key])!;
        baselines["baselines"]![0]!["environment"]!["NODE_OPTIONS"] = "--require /tmp/evil.js";
        _store.Objects[key] = System.Text.Encoding.UTF8.GetBytes(baselines.ToJsonString());

        var error = await Assert.ThrowsAsync<Tuner.Functions.Errors.CleanupIncompleteException>(
            () => HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" }));

        Assert.Contains("does not match version", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NODE_OPTIONS", function.Latest.Environment.Keys);
        Assert.NotEmpty(function.Deleted);
        Assert.DoesNotContain(function.Versions, v => v.Description?.StartsWith("tuner:" + Requests.RunId, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Handle_OwnerChangedLatestDuringTheRun_ChangeKeptAndTheOutputSaysWhatAndWhen()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        _lambda.OwnerChanges("orders-ingest", c => c with { MemorySizeMb = 2048, Environment = new Dictionary<string, string> { ["TABLE"] = "events-v2" } });

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        var target = Assert.Single(output.Targets);
        Assert.Equal(CleanupOutcome.KeptOwnersChange, target.Outcome);
        Assert.Contains("memory 512 → 2048 MB, environment variables changed TABLE, last modified 2026-12-01T11:00:00.000+0000", target.Reason, StringComparison.Ordinal);
        Assert.Contains("Tuner kept that change", target.Reason, StringComparison.Ordinal);
        Assert.True(target.IsClean);
        Assert.Equal(2048, function.Latest.MemorySizeMb);
        Assert.Equal("events-v2", function.Latest.Environment["TABLE"]);
        Assert.DoesNotContain(function.Versions, v => v.Description?.StartsWith("tuner:", StringComparison.Ordinal) == true);
        Assert.Equal("released", target.Lease);
    }

    [Fact]
    public async Task Handle_OwnerChangedLatestDuringTheRun_RecordNamesTheChangedFieldsWhenTheyWereSeenAndTheRevisionKept()
    {
        // Before: the record said it only in words (the reason), which the CLI and cleanup.html cannot list by field.
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        _lambda.OwnerChanges("orders-ingest", c => c with { MemorySizeMb = 2048, Environment = new Dictionary<string, string> { ["TABLE"] = "events-v2" } });
        var before = DateTimeOffset.UtcNow;

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        var change = Assert.Single(output.Targets).Change;
        Assert.NotNull(change);
        Assert.Equal([OwnersChange.Memory, OwnersChange.Environment], change.Fields);
        Assert.Equal("2026-12-01T11:00:00.000+0000", change.LastModified);
        Assert.Equal(function.Latest.RevisionId, change.RevisionId);
        Assert.InRange(change.SeenAt, before, DateTimeOffset.UtcNow);
        var recorded = System.Text.Json.JsonDocument.Parse(_store.Objects[BucketKeys.Cleanup(Requests.RunId)]).RootElement.GetProperty("targets")[0].GetProperty("change");
        Assert.Equal(["memory", "environment"], recorded.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(change.SeenAt, recorded.GetProperty("seenAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Handle_OwnerChangedLatestDuringTheRun_CleanupHtmlBesideTheReportSaysTheChangeWasKeptAndNamesTheSignature()
    {
        // Before: report.html (rendered before the Cleaner runs) was the only page in the run's folder, and it cannot say it.
        await CleanOwnerChangedRunSignedAsync();

        var html = System.Text.Encoding.UTF8.GetString(_store.Objects[BucketKeys.CleanupHtml(Requests.RunId)]);
        var signature = ReportSignatureFile.Parse(_store.Objects[BucketKeys.CleanupSignature(Requests.RunId)]);
        Assert.Contains("owner&#39;s change kept, not restored", html.Replace("&#x27;", "&#39;", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("data-function=\"orders-ingest\" data-kept=\"True\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(signature.KeyId, html, StringComparison.Ordinal);
        Assert.Contains("tuner verify cleanup.json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_TargetRestored_RecordHasNoOwnersChange()
    {
        _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        await LeaveAtAPlannedConfigurationAsync("orders-ingest");

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        var target = Assert.Single(output.Targets);
        Assert.Equal(CleanupOutcome.Restored, target.Outcome);
        Assert.Null(target.Change);
    }

    [Fact]
    public async Task Handle_OwnerChangedLatestDuringTheRun_SignedCleanupRecordNamesTheKeptChangeAndVerifies()
    {
        // Before: cleanup.json was unsigned, so what it said of a kept owner's change could not be checked.
        var signer = await CleanOwnerChangedRunSignedAsync();

        var record = _store.Objects[BucketKeys.Cleanup(Requests.RunId)];
        var signature = ReportSignatureFile.Parse(_store.Objects[BucketKeys.CleanupSignature(Requests.RunId)]);
        Assert.Equal((ReportSignature.CleanupRecord, Requests.RunId, "orders"), (signature.Record, signature.RunId, signature.Job));
        var verdict = await Tuner.Aws.Signing.SignedCleanupCheck.CheckAsync(new Tuner.Aws.Signing.LocalKeyReportVerifier(signer.Key.PublicKeyPem), record, signature, Requests.RunId);
        Assert.True(verdict.Valid, verdict.Problem);
        var kept = Assert.Single(verdict.KeptChanges);
        Assert.Equal("orders-ingest", kept.Function);
        Assert.Contains("memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000", kept.Reason, StringComparison.Ordinal);
        Assert.Contains("Tuner kept that change", kept.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_OwnerChangesBetweenTheCleanersReadAndItsRestore_OwnersChangeKeptAndOnlyTunersSettingsPutBack()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync();
        await LeaveAtAPlannedConfigurationAsync("orders-ingest");
        var updates = 0;
        // After the Cleaner read Tuner's configuration and before its update lands: the owner deploys a change.
        _lambda.BeforeUpdate = () =>
        {
            if (++updates == 1)
            {
                _lambda.OwnerChanges("orders-ingest", c => c with { TimeoutSeconds = 45 });
            }
        };

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        var target = Assert.Single(output.Targets);
        Assert.Equal(CleanupOutcome.KeptOwnersChange, target.Outcome);
        Assert.Contains("timeout 30 → 45 s", target.Reason, StringComparison.Ordinal);
        Assert.Contains("put back only the settings it had set", target.Reason, StringComparison.Ordinal);
        Assert.Equal(45, function.Latest.TimeoutSeconds);
        Assert.Equal(512, function.Latest.MemorySizeMb);
        // What is kept is the owner's timeout: Tuner's test memory, which was on it too, was put back.
        Assert.Equal([OwnersChange.Timeout], target.Change!.Fields);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "events" }, function.Latest.Environment);
    }

    [Fact]
    public async Task Handle_TargetClean_ReleasesOnlyThisRunsLease()
    {
        _lambda.Add("orders-ingest");
        await PlanAsync();
        Assert.True(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        Assert.Equal("released", Assert.Single(output.Targets).Lease);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
    }

    [Fact]
    public async Task Handle_LeaseTakenOverByAnotherRun_LeftToIt()
    {
        _lambda.Add("orders-ingest");
        await PlanAsync();
        var other = Tuner.Core.Serialization.TunerJson.Serialize(new Tuner.Functions.Leases.FunctionLease("orders-ingest", "run-next", null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24)));
        _store.Objects[BucketKeys.Lease("orders-ingest")] = other;

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        Assert.Equal("held by another run (left to it)", Assert.Single(output.Targets).Lease);
        Assert.Equal(other, _store.Objects[BucketKeys.Lease("orders-ingest")]);
    }

    [Fact]
    public async Task Handle_TargetNotClean_LeaseKeptSoNoOtherRunStartsOnIt()
    {
        var function = _lambda.Add("orders-ingest");
        await PlanAsync();
        function.DeniedOperations.Add("Delete");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" }));

        Assert.Contains("lease kept: the target is not clean", error.Message, StringComparison.Ordinal);
        Assert.True(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
    }

    [Fact]
    public async Task Handle_PlannerLeasedButRecordedNoPlan_ReleasesTheRequestTargetsLeases()
    {
        _lambda.Add("orders-ingest");
        _store.Objects[BucketKeys.Lease("orders-ingest")] = Tuner.Core.Serialization.TunerJson.Serialize(
            new Tuner.Functions.Leases.FunctionLease("orders-ingest", Requests.RunId, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(24)));

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        Assert.Empty(output.Targets);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
        Assert.Empty(_lambda.Calls);
    }

    [Fact]
    public async Task Handle_RunTwice_SecondRunFindsNothingToDo()
    {
        var function = _lambda.Add("orders-ingest");
        await PlanAsync();
        var cleaner = CreateCleaner();
        await HandlerCall.InvokeAsync<CleanerOutput>(cleaner.Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });
        var updates = function.Updates;

        var second = await HandlerCall.InvokeAsync<CleanerOutput>(cleaner.Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        var target = Assert.Single(second.Targets);
        Assert.Empty(target.DeletedVersions);
        Assert.Equal(CleanupOutcome.Unchanged, target.Outcome);
        Assert.Empty(function.Versions);
        Assert.Equal(updates, function.Updates);
    }

    [Fact]
    public async Task Handle_PlannerRefusedTheRun_ChangesNothing()
    {
        var function = _lambda.Add("payments", allowed: false);

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(
            CreateCleaner().Handle,
            new { runId = Requests.RunId, request = Requests.Small("payments"), outcome = "failed", error = new { Error = "FunctionNotAllowedException", Cause = "..." } });

        Assert.Empty(output.Targets);
        Assert.Equal(0, function.Updates);
        Assert.Empty(_lambda.Calls);
    }

    [Fact]
    public async Task Handle_InvalidRequestAndNoPlan_Succeeds()
    {
        var output = await HandlerCall.InvokeRawAsync(
            CreateCleaner().Handle,
            $$$"""{"runId":"{{{Requests.RunId}}}","request":{"job":42},"outcome":"failed","error":{"Error":"InvalidTuningRequestException","Cause":"job must be a string"} }""");

        Assert.Equal(0, output.GetProperty("targets").GetArrayLength());
    }
}
