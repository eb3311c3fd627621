using System.Text;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Leases;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.Leases;

/// <summary>The lease of each target (<c>locks/&lt;function&gt;</c>), through the Planner that acquires it.</summary>
public sealed class FunctionLeaseTests
{
    private const string OtherRun = "run-20261121-0000";
    private const string OtherExecution = "arn:aws:states:us-east-1:123456789012:execution:tuner:run-20261121-0000";

    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();
    private readonly FakeExecutionStatus _executions = new();
    private readonly AutoAdvancingTimeProvider _time = new(FunctionsClock.Start);

    private Planner CreatePlanner() => new(_lambda, _store, Requests.Settings(), PricingCatalog.Default, _time, _executions);

    private Task<PlannerOutput> PlanAsync(string runId = Requests.RunId) =>
        HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new
        {
            request = Requests.Small(),
            runId,
            executionArn = $"arn:aws:states:us-east-1:123456789012:execution:tuner:{runId}",
        });

    private FunctionLease? Lease(string function = "orders-ingest") =>
        _store.Objects.TryGetValue(BucketKeys.Lease(function), out var bytes) ? TunerJson.Deserialize<FunctionLease>(bytes) : null;

    private void LeaseHeldBy(string runId, DateTimeOffset expiresAt, string function = "orders-ingest") =>
        _store.Objects[BucketKeys.Lease(function)] = TunerJson.Serialize(new FunctionLease(function, runId, OtherExecution, expiresAt.AddHours(-24), expiresAt));

    [Fact]
    public async Task Plan_NoLease_WritesLeaseWithRunExecutionAndExpiryBeforeReadingTheTarget()
    {
        _lambda.Add("orders-ingest");

        await PlanAsync();

        var lease = Lease();
        Assert.NotNull(lease);
        Assert.Equal(Requests.RunId, lease.RunId);
        Assert.Equal($"arn:aws:states:us-east-1:123456789012:execution:tuner:{Requests.RunId}", lease.ExecutionArn);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(24), lease.ExpiresAt);
        Assert.Equal(BucketKeys.Lease("orders-ingest"), _store.Writes.First());
    }

    [Fact]
    public async Task Plan_LeaseHeldByAnotherRun_RefusedNamingTheRunAndUntilWhenAndNothingTouched()
    {
        var function = _lambda.Add("orders-ingest");
        var until = _time.GetUtcNow().AddHours(3);
        LeaseHeldBy(OtherRun, until);

        var error = await Assert.ThrowsAsync<FunctionLeasedException>(() => PlanAsync());

        Assert.Contains("orders-ingest is leased by run " + OtherRun, error.Message, StringComparison.Ordinal);
        Assert.Contains("until 2026-11-21 13:00:00 UTC", error.Message, StringComparison.Ordinal);
        Assert.Contains(OtherExecution, error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
        Assert.Empty(function.Versions);
        Assert.Equal(OtherRun, Lease()!.RunId);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Plan(Requests.RunId)));
    }

    [Fact]
    public async Task Plan_SecondTargetLeased_RefusedAndReleasesTheLeaseItTookOfTheFirst()
    {
        _lambda.Add("orders-ingest");
        _lambda.Add("payments-ingest");
        LeaseHeldBy(OtherRun, _time.GetUtcNow().AddHours(3), "payments-ingest");
        var request = Requests.Parse("""
            {"job": "orders", "targets": [
              {"function": "orders-ingest", "payload": {}, "memoryMb": [256], "invocations": 4, "concurrency": 1},
              {"function": "payments-ingest", "payload": {}, "memoryMb": [256], "invocations": 4, "concurrency": 1}]}
            """);

        await Assert.ThrowsAsync<FunctionLeasedException>(() =>
            HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Null(Lease("orders-ingest"));
        Assert.Equal(OtherRun, Lease("payments-ingest")!.RunId);
        Assert.Empty(_lambda.Calls);
    }

    [Fact]
    public async Task Plan_LeaseAlreadyThisRuns_GoesOn()
    {
        _lambda.Add("orders-ingest");
        LeaseHeldBy(Requests.RunId, _time.GetUtcNow().AddHours(3));

        var output = await PlanAsync();

        Assert.True(output.Published);
        Assert.Equal(Requests.RunId, Lease()!.RunId);
    }

    [Fact]
    public async Task Plan_ExpiredLeaseOfEndedExecution_TakenOverAndSaidInThePlan()
    {
        _lambda.Add("orders-ingest");
        LeaseHeldBy(OtherRun, _time.GetUtcNow().AddMinutes(-1));
        _executions.States[OtherRun] = ExecutionState.Ended;

        var output = await PlanAsync();

        Assert.True(output.Published);
        Assert.Equal(Requests.RunId, Lease()!.RunId);
        var note = Assert.Single(TunerJson.Deserialize<RunDocument>(_store.Objects[BucketKeys.Plan(Requests.RunId)])!.Notes);
        Assert.Contains("took over the lease of orders-ingest from run " + OtherRun, note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecutionState.Running, "its execution is still running")]
    [InlineData(ExecutionState.Unknown, "whether its execution ended cannot be told")]
    public async Task Plan_ExpiredLeaseOfExecutionNotKnownToHaveEnded_Refused(ExecutionState state, string reason)
    {
        _lambda.Add("orders-ingest");
        LeaseHeldBy(OtherRun, _time.GetUtcNow().AddMinutes(-1));
        _executions.States[OtherRun] = state;

        var error = await Assert.ThrowsAsync<FunctionLeasedException>(() => PlanAsync());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(OtherRun, Lease()!.RunId);
        Assert.Empty(_lambda.Calls);
    }

    [Fact]
    public async Task Plan_LeaseNotExpired_ExecutionNotAskedAndRefusedEvenIfEnded()
    {
        _lambda.Add("orders-ingest");
        LeaseHeldBy(OtherRun, _time.GetUtcNow().AddMinutes(1));
        _executions.States[OtherRun] = ExecutionState.Ended;

        await Assert.ThrowsAsync<FunctionLeasedException>(() => PlanAsync());

        Assert.Empty(_executions.Asked);
    }

    [Fact]
    public async Task Plan_UnreadableLeaseObject_RefusedAndLeftInPlace()
    {
        _lambda.Add("orders-ingest");
        _store.Objects[BucketKeys.Lease("orders-ingest")] = Encoding.UTF8.GetBytes("not json");

        var error = await Assert.ThrowsAsync<FunctionLeasedException>(() => PlanAsync());

        Assert.Contains("is not a lease Tuner can read", error.Message, StringComparison.Ordinal);
        Assert.Equal("not json", Encoding.UTF8.GetString(_store.Objects[BucketKeys.Lease("orders-ingest")]));
    }

    [Fact]
    public async Task Plan_TwoRunsAtOnce_ExactlyOneHoldsTheLease()
    {
        _lambda.Add("orders-ingest");

        var results = await Task.WhenAll(
            Capture(() => PlanAsync("run-a")),
            Capture(() => PlanAsync("run-b")));

        Assert.Single(results, r => r is null);
        Assert.IsType<FunctionLeasedException>(Assert.Single(results, r => r is not null));
        Assert.Contains(Lease()!.RunId, new[] { "run-a", "run-b" });
    }

    [Fact]
    public async Task Plan_TargetRefusedAfterLeasing_LeaseReleased()
    {
        _lambda.Add("orders-ingest", allowed: false);

        await Assert.ThrowsAsync<FunctionNotAllowedException>(() => PlanAsync());

        Assert.Null(Lease());
    }

    private static async Task<Exception?> Capture(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
