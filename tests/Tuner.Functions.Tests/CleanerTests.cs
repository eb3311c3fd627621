using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Functions.Messages;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class CleanerTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();

    private Cleaner CreateCleaner() => new(_lambda, _store, TimeProvider.System);

    private async Task PlanAsync(string runId = Requests.RunId)
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId });
    }

    [Fact]
    public async Task Handle_AfterARun_DeletesOnlyThatRunsVersions()
    {
        var function = _lambda.Add("orders-ingest");
        await _lambda.PublishVersionAsync("orders-ingest", "production release");
        await PlanAsync("run-other");
        await PlanAsync();

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "succeeded" });

        Assert.Equal(5, output.DeletedVersions.Count);
        Assert.Equal(6, function.Versions.Count);
        Assert.Contains(function.Versions, v => v.Description == "production release");
        Assert.Equal(["orders-ingest"], output.Verified);
        Assert.Empty(output.Restored);
    }

    [Fact]
    public async Task Handle_LatestLeftChanged_RestoresBaseline()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        await PlanAsync();
        await _lambda.UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(128, 3, new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = "1" }));

        var output = await HandlerCall.InvokeAsync<CleanerOutput>(CreateCleaner().Handle, new { runId = Requests.RunId, request = Requests.Small(), outcome = "failed" });

        Assert.Equal(["orders-ingest"], output.Restored);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.TimeoutSeconds, function.Latest.TimeoutSeconds);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
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

        Assert.Empty(second.DeletedVersions);
        Assert.Empty(second.Restored);
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

        Assert.Empty(output.DeletedVersions);
        Assert.Empty(output.Restored);
        Assert.Equal(0, function.Updates);
        Assert.Empty(_lambda.Calls);
    }

    [Fact]
    public async Task Handle_InvalidRequestAndNoPlan_Succeeds()
    {
        var output = await HandlerCall.InvokeRawAsync(
            CreateCleaner().Handle,
            $$$"""{"runId":"{{{Requests.RunId}}}","request":{"job":42},"outcome":"failed","error":{"Error":"InvalidTuningRequestException","Cause":"job must be a string"} }""");

        Assert.Equal(0, output.GetProperty("deletedVersions").GetArrayLength());
    }
}
