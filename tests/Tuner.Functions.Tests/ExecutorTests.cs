using Tuner.Core.Samples;
using Tuner.Core.Pricing;
using Tuner.Core.Ports;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

public sealed class ExecutorTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();

    private Executor CreateExecutor() => new(_lambda, _store, Requests.Settings(), TimeProvider.System);

    /// <summary>Runs the real Planner so plan.json and the versions exist, and returns the cells.</summary>
    private async Task<IReadOnlyList<CellTask>> PlanAsync(string function = "orders-ingest")
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(function), runId = Requests.RunId });
        return output.Cells;
    }

    [Fact]
    public async Task Handle_SuccessfulInvocations_WritesSamplesAndReturnsSummary()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var payloads = new List<string>();
        function.Behaviour = (configuration, payload) =>
        {
            lock (payloads)
            {
                payloads.Add(payload);
            }

            return Task.FromResult(FakeLambdaApi.Success(configuration, 120, cold: payloads.Count == 1));
        };

        var summary = await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(CellSummary.Measured, summary.Status);
        Assert.Equal(cell.Id, summary.CellId);
        Assert.Equal(4, summary.Invocations);
        Assert.Equal(4, summary.Samples);
        Assert.Equal(0, summary.Errors);
        Assert.Equal(1, summary.ColdStarts);
        Assert.Equal(120, summary.MedianDurationMs);
        Assert.Equal(RunKeys.Samples(Requests.RunId, cell.Id), summary.SamplesKey);
        Assert.All(payloads, p => Assert.Equal("""{"events":10}""", p));
        var samples = new List<Sample>();
        Assert.Empty(SampleJsonl.Read(_store.Objects[summary.SamplesKey], samples));
        Assert.Equal([0, 1, 2, 3], samples.Select(s => s.Index));
        Assert.All(samples, s => Assert.Equal(100, s.Items));
        Assert.All(samples, s => Assert.Equal(cell.MemoryMb, s.MemorySizeMb));
    }

    [Fact]
    public async Task Handle_InvokesTheCellsVersion_WithBoundedConcurrency()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[2] with { Invocations = 12, Concurrency = 3 };
        function.Behaviour = async (configuration, _) =>
        {
            await Task.Delay(20);
            return FakeLambdaApi.Success(configuration, 20);
        };

        await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(3, _lambda.MaxInFlight);
        Assert.Equal(12, _lambda.Calls.Count(c => c == $"Invoke orders-ingest:{cell.Qualifier}"));
    }

    [Fact]
    public async Task Handle_OutOfMemory_RecordsFailedCellWithErrorTypeAndStopsEarly()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1] with { Invocations = 50, Concurrency = 1 };
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Failure(configuration, "Runtime.OutOfMemory", "Runtime exited with error: signal: killed"));

        var summary = await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(CellSummary.Failed, summary.Status);
        Assert.Equal("Runtime.OutOfMemory", summary.ErrorType);
        Assert.Equal(Executor.FailFastInvocations, summary.Invocations);
        Assert.Equal(Executor.FailFastInvocations, summary.Errors);
        Assert.Null(summary.MedianDurationMs);
        var samples = new List<Sample>();
        SampleJsonl.Read(_store.Objects[summary.SamplesKey], samples);
        Assert.All(samples, s => Assert.Equal("Runtime.OutOfMemory", s.ErrorType));
    }

    [Fact]
    public async Task Handle_SomeInvocationsFail_CellIsMeasuredWithErrors()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1] with { Invocations = 6, Concurrency = 1 };
        var count = 0;
        function.Behaviour = (configuration, _) => Task.FromResult(
            Interlocked.Increment(ref count) % 3 == 0
                ? FakeLambdaApi.Failure(configuration, "ProvisionedThroughputExceededException", "throttled")
                : FakeLambdaApi.Success(configuration, 80));

        var summary = await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(CellSummary.Measured, summary.Status);
        Assert.Equal(6, summary.Samples);
        Assert.Equal(2, summary.Errors);
        Assert.Equal("ProvisionedThroughputExceededException", summary.ErrorType);
    }

    [Fact]
    public async Task Handle_ThrottledInvoke_IsRetried()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1] with { Invocations = 2, Concurrency = 1 };
        var count = 0;
        function.Behaviour = (configuration, _) => Interlocked.Increment(ref count) == 1
            ? throw new LambdaApiException("TooManyRequestsException", 429, "Rate exceeded")
            : Task.FromResult(FakeLambdaApi.Success(configuration, 50));

        var summary = await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(2, summary.Samples);
        Assert.Equal(0, summary.Problems);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Handle_NoReportLine_CountsAProblemNotASample()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1] with { Invocations = 5, Concurrency = 1 };
        function.Behaviour = (configuration, _) => Task.FromResult(new InvocationResult(200, "{}"u8.ToArray(), null, "no report here", configuration.Version));

        var summary = await HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "tuner-test", cell });

        Assert.Equal(CellSummary.Failed, summary.Status);
        Assert.Equal(0, summary.Samples);
        Assert.Equal(5, summary.Problems);
        Assert.Equal("NoReport", summary.ErrorType);
    }

    [Fact]
    public async Task Handle_OtherBucket_ThrowsInvalidStateInput()
    {
        _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[0];

        await Assert.ThrowsAsync<Errors.InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<CellSummary>(CreateExecutor().Handle, new { runId = Requests.RunId, bucket = "someone-elses", cell }));
    }
}
