using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Pricing;
using Tuner.Functions.Errors;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.Lambda;

/// <summary>
/// Drift-safe publishing, through the Planner: every change carries the revision Tuner saw or wrote, every publish the
/// baseline's code hash, and a target that changes under Tuner is refused with the owner's change kept.
/// </summary>
public sealed class VersionPublisherTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();

    private Task<PlannerOutput> PlanAsync() =>
        HandlerCall.InvokeAsync<PlannerOutput>(
            new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, new AutoAdvancingTimeProvider(FunctionsClock.Start)).Handle,
            new { request = Requests.Small(), runId = Requests.RunId });

    /// <summary>Runs <paramref name="change"/> once, just before the <paramref name="publish"/>-th PublishVersion (1-based).</summary>
    private void BeforePublish(int publish, Action change)
    {
        var calls = 0;
        _lambda.BeforePublish = () =>
        {
            if (++calls == publish)
            {
                change();
            }
        };
    }

    [Fact]
    public async Task Plan_EveryUpdateAndPublish_CarriesTheRevisionTunerSawOrWroteAndTheBaselineCode()
    {
        var function = _lambda.Add("orders-ingest");
        var baselineRevision = function.Latest.RevisionId;

        await PlanAsync();

        Assert.NotEmpty(_lambda.Preconditions);
        Assert.All(_lambda.Preconditions, p => Assert.NotNull(p.RevisionId));
        Assert.All(_lambda.Preconditions.Where(p => p.Operation == "Publish"), p => Assert.Equal("code-v1", p.CodeSha256));
        Assert.Equal(baselineRevision, _lambda.Preconditions[0].RevisionId);
    }

    [Fact]
    public async Task Plan_OwnerChangesConfigurationBetweenUpdateAndPublish_RefusedAndTheOwnersChangeKept()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        BeforePublish(2, () => _lambda.OwnerChanges("orders-ingest", c => c with { MemorySizeMb = 2048 }));

        var error = await Assert.ThrowsAsync<FunctionChangedException>(PlanAsync);

        Assert.Contains("orders-ingest changed between Tuner's update and its publish", error.Message, StringComparison.Ordinal);
        Assert.Contains("memory 512 → 2048 MB", error.Message, StringComparison.Ordinal);
        Assert.Contains("the owner's change was kept", error.Message, StringComparison.Ordinal);
        Assert.Equal(2048, function.Latest.MemorySizeMb);
        // Its only target dropped, the run fails; the version published before the change is already deleted.
        Assert.Empty(function.Versions);
        Assert.Single(function.Deleted);
    }

    [Fact]
    public async Task Plan_OneOfTwoTargetsDeployedWhilePublishing_OnlyThatTargetDroppedAndTheOtherPublished()
    {
        var orders = _lambda.Add("orders-ingest", memoryMb: 512);
        var payments = _lambda.Add("payments-ingest", memoryMb: 1024);
        // The second publish is orders-ingest's second version: its owner deploys just before it.
        BeforePublish(2, () => _lambda.OwnerChanges("orders-ingest", c => c with { CodeSha256 = "code-v2" }));
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, new AutoAdvancingTimeProvider(FunctionsClock.Start));

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.TwoTargets(), runId = Requests.RunId });

        Assert.True(output.Published);
        Assert.All(output.Cells, c => Assert.Equal("payments-ingest", c.Function));
        Assert.Equal(3, output.Cells.Count);
        Assert.Empty(orders.Versions);
        Assert.Equal("code-v2", orders.Latest.CodeSha256);
        Assert.Equal(512, orders.Latest.MemorySizeMb);
        Assert.Equal(3, payments.Versions.Count);
        Assert.Equal(1024, payments.Latest.MemorySizeMb);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")), "the dropped target's lease was kept");
        Assert.True(_store.Objects.ContainsKey(BucketKeys.Lease("payments-ingest")));
        var plan = System.Text.Json.JsonDocument.Parse(_store.Objects[BucketKeys.Plan(Requests.RunId)]).RootElement;
        var dropped = Assert.Single(plan.GetProperty("dropped").EnumerateArray());
        Assert.Equal(0, dropped.GetProperty("targetIndex").GetInt32());
        Assert.Contains("code code-v1 → code-v2", dropped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(plan.GetProperty("versions").EnumerateObject(), v => v.Name.StartsWith("t0", StringComparison.Ordinal));
        // Both targets are done with: each one's $LATEST revision as the Planner left it.
        Assert.Equal(orders.Latest.RevisionId, plan.GetProperty("revisions").GetProperty("orders-ingest").GetString());
        Assert.Equal(payments.Latest.RevisionId, plan.GetProperty("revisions").GetProperty("payments-ingest").GetString());
    }

    [Fact]
    public async Task Plan_CodeDeployedBetweenUpdateAndPublish_NoVersionWithTheNewCodeAndTunersSettingsPutBack()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        BeforePublish(2, () => _lambda.OwnerChanges("orders-ingest", c => c with { CodeSha256 = "code-v2" }));

        var error = await Assert.ThrowsAsync<FunctionChangedException>(PlanAsync);

        Assert.Contains("code code-v1 → code-v2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tuner's settings were put back to the baseline", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(function.Versions, v => v.CodeSha256 == "code-v2");
        Assert.Equal(512, function.Latest.MemorySizeMb);
        Assert.Equal("code-v2", function.Latest.CodeSha256);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "events" }, function.Latest.Environment);
    }

    [Fact]
    public async Task Plan_VersionPublishedWithOtherCodeDespiteThePreconditions_DeletedAndTargetRefused()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        _lambda.IgnorePublishPreconditions = true;
        BeforePublish(2, () => _lambda.OwnerChanges("orders-ingest", c => c with { CodeSha256 = "code-v2" }));

        var error = await Assert.ThrowsAsync<FunctionChangedException>(PlanAsync);

        Assert.Contains("version 2, published with it, was deleted", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(function.Versions, v => v.CodeSha256 == "code-v2");
        Assert.Contains("2", function.Deleted);
    }

    [Fact]
    public async Task Plan_OwnerChangedTheFunctionAfterTheBaselineWasRead_FirstChangeRefused()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        BeforePublish(1, () => _lambda.OwnerChanges("orders-ingest", c => c with { TimeoutSeconds = 60 }));

        var error = await Assert.ThrowsAsync<FunctionChangedException>(PlanAsync);

        Assert.Contains("timeout 30 → 60 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(function.Versions);
        Assert.Equal(60, function.Latest.TimeoutSeconds);
    }

    [Fact]
    public async Task Plan_SnapStartVersionsPending_EachWaitedForUntilActiveBeforeTheNext()
    {
        var function = _lambda.Add("orders-ingest");
        function.PendingReads = 3;

        var output = await PlanAsync();

        Assert.True(output.Published);
        Assert.All(function.Versions, v => Assert.Equal("Active", v.State));
        var firstVersionReads = _lambda.Calls.FindIndex(c => c == "Get orders-ingest:1");
        Assert.True(firstVersionReads >= 0, "the first version was never read back");
        Assert.True(firstVersionReads < _lambda.Calls.FindIndex(c => c.StartsWith("Update", StringComparison.Ordinal)), "a version was changed away from before the previous one was Active");
    }

    [Fact]
    public async Task Plan_SnapStartVersionFails_RunFailsWithTheReasonAndLatestRestored()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        function.PendingReads = 1;
        function.PendingEndsAs = "Failed";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(PlanAsync);

        Assert.Contains("State is Failed (SnapStartNotReady)", error.Message, StringComparison.Ordinal);
        Assert.Equal(512, function.Latest.MemorySizeMb);
    }

    [Fact]
    public async Task Plan_EnvironmentError_RefusedBeforeAnyChangeAndLeaseReleased()
    {
        var function = _lambda.Add("orders-ingest");
        function.Latest = function.Latest with
        {
            Environment = new Dictionary<string, string>(),
            EnvironmentError = "KMSAccessDeniedException: Lambda was unable to decrypt the environment variables",
        };

        var error = await Assert.ThrowsAsync<UnreadableConfigurationException>(PlanAsync);

        Assert.Contains("targets[0].function", error.Message, StringComparison.Ordinal);
        Assert.Contains("KMSAccessDeniedException", error.Message, StringComparison.Ordinal);
        Assert.Contains("wipe them on restore", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_lambda.Calls, c => c.StartsWith("Update", StringComparison.Ordinal) || c.StartsWith("Publish", StringComparison.Ordinal));
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Plan(Requests.RunId)));
    }
}
