using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Pricing;
using Tuner.Functions.Messages;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class JanitorTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();
    private readonly FakeStepFunctionsApi _stepFunctions = new();

    private Janitor CreateJanitor() => new(_lambda, _store, _stepFunctions, FakeStepFunctionsApi.StateMachineArn);

    /// <summary>
    /// Plans <paramref name="runId"/> (5 versions of orders-ingest) and leaves its versions, as a run nothing cleaned
    /// would; its lease is dropped (as if expired and taken over) so that the next run can plan the same function.
    /// </summary>
    private async Task PlanAsync(string runId)
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId });
        await _store.DeleteAsync(BucketKeys.Lease("orders-ingest"));
    }

    [Fact]
    public async Task Handle_VersionsOfEndedAndRunningRuns_DeletesOnlyTheEndedRunsVersions()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await _lambda.PublishVersionAsync("orders-ingest", "production release");
        await PlanAsync("run-stopped");
        await PlanAsync("run-running");
        _stepFunctions.Listed["run-stopped"] = ExecutionStatus.Aborted;
        _stepFunctions.Listed["run-running"] = ExecutionStatus.Running;
        var latest = function.Latest;
        var updates = function.Updates;

        var output = await HandlerCall.InvokeAsync<JanitorOutput>(CreateJanitor().Handle, new { source = "aws.events" });

        Assert.Equal(5, output.DeletedVersions.Count);
        Assert.Equal(["orders-ingest"], output.Functions);
        Assert.Contains(function.Versions, v => v.Description == "production release");
        Assert.Equal(5, function.Versions.Count(v => v.Description?.StartsWith("tuner:run-running ", StringComparison.Ordinal) == true));
        Assert.DoesNotContain(function.Versions, v => v.Description?.StartsWith("tuner:run-stopped ", StringComparison.Ordinal) == true);
        Assert.Equal(latest, function.Latest);
        Assert.Equal(updates, function.Updates);
    }

    [Fact]
    public async Task Handle_VersionOfARunNotListed_AsksStepFunctionsAndKeepsVersionsOfRunsItDoesNotKnow()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        await PlanAsync("run-listed");
        await PlanAsync("run-older");
        await PlanAsync("run-elsewhere");
        _stepFunctions.Listed["run-listed"] = ExecutionStatus.Succeeded;
        _stepFunctions.Unlisted["run-older"] = ExecutionStatus.TimedOut;

        var output = await HandlerCall.InvokeAsync<JanitorOutput>(CreateJanitor().Handle, new { });

        Assert.Equal(10, output.DeletedVersions.Count);
        Assert.Equal(5, function.Versions.Count);
        Assert.All(function.Versions, v => Assert.StartsWith("tuner:run-elsewhere ", v.Description, StringComparison.Ordinal));
        Assert.Equal(5, output.Kept.Count);
        Assert.All(output.Kept, k => Assert.Contains("run run-elsewhere is not an execution of this state machine", k, StringComparison.Ordinal));
        Assert.Contains("arn:aws:states:us-east-1:123456789012:execution:tuner:run-older", _stepFunctions.Described);
    }
}
