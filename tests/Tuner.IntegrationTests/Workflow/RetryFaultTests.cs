using Tuner.Contracts;
using Tuner.Core.Samples;
using Tuner.IntegrationTests.S3;
using Tuner.LocalCloud;
using Tuner.LocalLambda.Faults;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>
/// Faults injected into the local Lambda service and the local S3 during whole runs: a throttled control plane,
/// throttled Invokes, S3 writes failing with SlowDown (the run's first writes; the Executor's sample writes).
/// Each asserts the target as its owner left it (no <c>tuner:</c> version), the run's outcome and its message.
/// </summary>
[Trait("Category", "Fault")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class RetryFaultTests(LocalEnginesFixture fixture)
{
    private static LambdaFaultRule Throttle(string operation, int? count) =>
        new(operation, WorkflowEngines.Workload, 429, "TooManyRequestsException", "Rate exceeded", count, "CallerRateLimitExceeded");

    [Fact]
    public async Task Run_ControlPlaneThrottledTwicePerCall_RetriesWithinThePolicyCompletesAndRestores()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        await using var faults = await LocalEnginesFixture.InjectLambdaFaultsAsync(
            engines.Cloud.Lambda.Endpoint, Throttle("UpdateFunctionConfiguration", 2), Throttle("PublishVersion", 2));

        var (run, _) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"));

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}\n{await faults.DescribeAsync()}");
        Assert.Equal([2, 2], await faults.HitsAsync());
        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        Assert.NotNull(Assert.Single(report.Targets).Recommendation);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_PublishAlwaysThrottled_FailsCleanlyWithOneLayerOfRetriesAndRestores()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        await using var faults = await LocalEnginesFixture.InjectLambdaFaultsAsync(engines.Cloud.Lambda.Endpoint, Throttle("PublishVersion", null));

        var (run, events) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"));

        Assert.Equal("FAILED", run.Outcome.Status.ToApiName());
        Assert.Equal("TransientDependencyException", run.Outcome.Error);
        Assert.Contains("TooManyRequestsException", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Event == "StateEntered" && e.State == "CleanUpAfterFailure");
        Assert.DoesNotContain(events, e => e.Event == "StateEntered" && e.State == "Measure");
        // One layer: the HTTP client's 5 attempts per Planner invocation (the state machine retries the Planner 3 times).
        // Before, the configurator's 6 attempts stacked on them: 6 × 5 per Planner invocation.
        var plannerInvocations = 1 + events.Count(e => e.Event == "StateRetried" && e.State == "Planner");
        var publishCalls = Assert.Single(await faults.HitsAsync());
        Assert.InRange(publishCalls, plannerInvocations, 5 * plannerInvocations);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_InvokeThrottled_RetriedRecordedOnTheSamplesAndInTheReportNeverRepeatedSilently()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        await using var faults = await LocalEnginesFixture.InjectLambdaFaultsAsync(engines.Cloud.Lambda.Endpoint, Throttle("Invoke", 3));

        var (run, _) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"));

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        Assert.Equal([3], await faults.HitsAsync());
        var samples = new List<Sample>();
        foreach (var key in await WorkflowRun.KeysAsync(engines.Store, $"runs/{run.RunId}/samples/"))
        {
            Assert.Empty(SampleJsonl.Read(await engines.Store.GetAsync(key) ?? [], samples));
        }

        // Every throttled attempt is on a sample; the function ran once per sample (the workload counts its items).
        Assert.Equal(3, samples.Sum(s => s.InvokeThrottles));
        Assert.All(samples, s => Assert.Equal(20, s.Items));
        var (report, _) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.Equal(3, Assert.Single(report.Targets).Cells.Sum(c => c.Statistics.InvokeThrottles));
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_S3WritesSlowDownTwice_RetriedRunCompletesWithEverySampleAndRestores()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        // The run id is not known before the run starts: the rule covers every write under runs/ (plan, samples, report).
        await using var faults = await LocalEnginesFixture.InjectS3FaultsAsync(
            engines.Cloud.S3.ServiceUrl, new S3FaultRule(503, "SlowDown", Method: "PUT", KeyPrefix: "runs/", Message: "Please reduce your request rate.", Count: 2));

        var (run, _) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"));

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}\n{await faults.DescribeAsync()}");
        Assert.Equal([2], await faults.HitsAsync());
        var samples = new List<Sample>();
        foreach (var key in await WorkflowRun.KeysAsync(engines.Store, $"runs/{run.RunId}/samples/"))
        {
            Assert.Empty(SampleJsonl.Read(await engines.Store.GetAsync(key) ?? [], samples));
        }

        Assert.All(samples.Where(s => !s.Warmup).GroupBy(s => s.CellId), g => Assert.True(g.Count() >= 3, $"{g.Key}: {g.Count()} samples"));
        var (_, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_SampleWritesSlowDownTwice_RetriedByTheStoreAndNoInvocationOfTheTargetRepeated()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var runId = LocalCloudSession.NewRunId(TimeProvider.System);
        // The Executor's writes of what it measured: were a failed write to fail the Executor, the state machine would
        // run it again (the target invoked again for samples already taken) or fail the run.
        await using var faults = await LocalEnginesFixture.InjectS3FaultsAsync(
            engines.Cloud.S3.ServiceUrl, new S3FaultRule(503, "SlowDown", Method: "PUT", KeyPrefix: $"runs/{runId}/samples/", Message: "Please reduce your request rate.", Count: 2));
        var started = DateTimeOffset.UtcNow;
        var events = new List<ExecutionEvent>();

        var run = await engines.Cloud.RunExecutionAsync(WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"), new EventRecorder(events), runId);

        var ended = DateTimeOffset.UtcNow;
        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}\n{await faults.DescribeAsync()}");
        Assert.Equal([2], await faults.HitsAsync());
        Assert.DoesNotContain(events, e => e.Event == "StateRetried" && e.State == "Executor");
        var samples = new List<Sample>();
        foreach (var key in await WorkflowRun.KeysAsync(engines.Store, $"runs/{runId}/samples/"))
        {
            Assert.Empty(SampleJsonl.Read(await engines.Store.GetAsync(key) ?? [], samples));
        }

        // Every invocation of the target is one sample: none was sent again for a write that failed.
        var invocations = engines.Cloud.Lambda.Faults.CallTimes("Invoke", WorkflowEngines.Workload).Count(t => t >= started && t <= ended);
        Assert.Equal(samples.Count, invocations);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }
}
