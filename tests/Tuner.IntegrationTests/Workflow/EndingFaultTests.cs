using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.IntegrationTests.S3;
using Tuner.LocalLambda.Faults;
using Tuner.LocalCloud;
using Xunit.Abstractions;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>
/// Runs that end in a way no Catch sees (stopped, timed out, over the 256 KiB state limit) or whose cleanup meets a
/// fault, on the real local engines: each leaves every target as its owner left it, no <c>tuner:</c> version, and says
/// what happened.
/// </summary>
[Trait("Category", "Fault")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class EndingFaultTests(LocalEnginesFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Run_StoppedWhileThePlannerPublishes_PlannerUndoesWhatItPublishedAfterTheCleanerAndTheTargetIsRestored()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var request = WorkflowRun.Request(
            WorkflowEngines.Workload, "[256, 384, 640, 768, 1024, 1536]", extra: """, "dynamoDbBatch": {"batchSize": [5, 10, 25], "parallelism": [1, 2]}""");
        using var stop = new CancellationTokenSource();
        // Stopped once the Planner has published two versions, with about 34 still to go.
        var watcher = StopOnceVersionsAsync(engines.Lambda, WorkflowEngines.Workload, 2, stop);

        var run = await engines.Cloud.RunExecutionAsync(request, cancellationToken: stop.Token);
        await watcher;

        Assert.Equal("ABORTED", run.Outcome.Status.ToApiName());
        Assert.Null(run.CleanupError);
        Assert.Contains($"\"function\":\"{WorkflowEngines.Workload}\"", run.Cleanup, StringComparison.Ordinal);
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/ended.json"));
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_StoppedWhileAnExecutorMeasures_TheCleanerRunsAndTheTargetIsRestored()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        using var stop = new CancellationTokenSource();
        var events = new List<ExecutionEvent>();
        var stopInMeasure = new StopOn(events, stop, e => e.Event == "MapIterationStarted");

        var run = await engines.Cloud.RunExecutionAsync(WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"), stopInMeasure, cancellationToken: stop.Token);

        Assert.Equal("ABORTED", run.Outcome.Status.ToApiName());
        Assert.DoesNotContain(events, e => e.Event == "MapIterationSucceeded");
        var cleaned = Assert.Single(CleanedTargets(run));
        Assert.Equal("unchanged", cleaned.GetProperty("outcome").GetString());
        Assert.True(cleaned.GetProperty("deletedVersions").GetArrayLength() >= 2, cleaned.GetRawText());
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_PastItsExecutionTimeout_TimesOutAndTheStackRunsTheCleaner()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);

        // 15 s: past publishing (≈ 5 s on a quiet machine) and well inside measuring: the confirmation alone takes 500
        // to 1,000 rounds (confirmInvocations 1,000; half of it in a first look the stages already answer) of 100-item
        // writes. With the ceiling alone (150 invocations, staged: 5 per cell first, then a confirmation of 75 per
        // side) a quiet machine's warm environments finished the whole run in under 15 s and it SUCCEEDED (fresh-clone
        // check, 2026-12-02 00:10 UTC; with 40 invocations once already at 23:20 UTC). On a loaded machine the timeout may land while the Planner still publishes, before plan.json
        // exists: then the Cleaner has no target to clean, and the Planner, still running, finds ended.json and undoes
        // its own work.
        var run = await engines.Cloud.RunExecutionAsync(
            WorkflowRun.Request(WorkflowEngines.Workload, "[256, 512, 1024]", extra: ", \"confirmInvocations\": 1000", payload: """{"generate":{"count":100,"seed":3}}""", invocations: 150),
            executionTimeout: TimeSpan.FromSeconds(15));

        Assert.Equal("TIMED_OUT", run.Outcome.Status.ToApiName());
        Assert.Contains("TimeoutSeconds (15 s)", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Null(run.CleanupError);
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/ended.json"));
        var cleaned = CleanedTargets(run);
        if (await engines.Store.GetAsync($"runs/{run.RunId}/plan.json") is not null)
        {
            Assert.Equal(WorkflowEngines.Workload, Assert.Single(cleaned).GetProperty("function").GetString());
        }
        else
        {
            Assert.Empty(cleaned);
        }

        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_CleanerCannotDeleteTheVersionsOfOneOfTwoTargets_TheOtherIsCleanedAndTheFailureNamesBoth()
    {
        var engines = await fixture.GetWorkflowAsync();
        var workload = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var allocates = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Allocates);
        var request = $$$"""
            {
              "job": "wf-two-targets",
              "targets": [
                { "function": "{{{WorkflowEngines.Allocates}}}", "payload": {"megabytes": 1}, "memoryMb": [256, 1024], "invocations": 3, "concurrency": 1 },
                { "function": "{{{WorkflowEngines.Workload}}}", "payload": {"generate": {"count": 20, "seed": 3}}, "memoryMb": [256, 1024], "invocations": 3, "concurrency": 1 }
              ]
            }
            """;
        LocalRunResult run;
        // Only the Cleaner deletes versions: IAM refusing it on one function, as a policy missing a resource would.
        await using (await LocalEnginesFixture.InjectLambdaFaultsAsync(engines.Cloud.Lambda.Endpoint, new LambdaFaultRule(
            "DeleteFunction", WorkflowEngines.Allocates, 403, "AccessDeniedException", "User is not authorized to perform: lambda:DeleteFunction", null)))
        {
            run = await engines.Cloud.RunExecutionAsync(request);
        }

        Assert.Equal("FAILED", run.Outcome.Status.ToApiName());
        Assert.Equal("CleanupIncompleteException", run.Outcome.Error);
        Assert.Contains($"{WorkflowEngines.Allocates}: failed: deleting version", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Contains($"{WorkflowEngines.Workload}: unchanged,", run.Outcome.Cause, StringComparison.Ordinal);
        // The stack's own Cleaner (the status-change rule's, on AWS) met the same refusal.
        Assert.Contains("CleanupIncompleteException", run.CleanupError, StringComparison.Ordinal);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, workload);

        // Once the permission is fixed, running the Cleaner again finishes the job.
        var again = await engines.Cloud.CleanUpAsync(run.RunId, request, "FAILED", CancellationToken.None);

        Assert.Contains("\"outcome\":\"unchanged\"", again, StringComparison.Ordinal);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Allocates, allocates);
    }

    [Fact]
    public async Task Run_ReducerCannotWriteTheReport_FailsAfterCleaningWithNoReportHalfWritten()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var runId = LocalCloudSession.NewRunId(TimeProvider.System);
        const string job = "wf-report-write-fails";
        var request = WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]").Replace($"\"wf-{WorkflowEngines.Workload}\"", $"\"{job}\"", StringComparison.Ordinal);
        LocalRunResult run;
        await using (await LocalEnginesFixture.InjectS3FaultsAsync(
            engines.Cloud.S3.ServiceUrl, new S3FaultRule(500, "InternalError", "PUT", $"runs/{runId}/report", "We encountered an internal error. Please try again.")))
        {
            run = await engines.Cloud.RunExecutionAsync(request, runId: runId);
        }

        Assert.Equal("FAILED", run.Outcome.Status.ToApiName());
        Assert.Contains("report", run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Null(await engines.Store.GetAsync($"runs/{runId}/report.json"));
        Assert.Null(await engines.Store.GetAsync($"runs/{runId}/report.sig.json"));
        Assert.Null(await engines.Store.GetAsync($"jobs/{job}/latest.json"));
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_250FailingCellsWithLongMultibyteErrors_StaysUnderTheStateLimitAndCleansUp()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = new[]
        {
            await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.AlwaysFails),
            await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.AlsoFails),
        };
        // Per target 62 memory tiers × 2 batch sizes + the current configuration = 125 cells (a target may have 200):
        // 250 in all, the Planner's maximum.
        var tiers = string.Join(", ", Enumerable.Range(0, 62).Select(i => 128 + (i * 16)));
        // About 12 KB of UTF-8 per error message (3-byte characters and an emoji).
        const string payload = """{"message": "échec du débit — 書き込み失敗 ⚠️ ", "repeat": 400}""";
        var targets = string.Join(",\n", new[] { WorkflowEngines.AlwaysFails, WorkflowEngines.AlsoFails }.Select(function => $$$"""
            { "function": "{{{function}}}", "payload": {{{payload}}}, "memoryMb": [{{{tiers}}}], "dynamoDbBatch": {"batchSize": [5, 25]}, "invocations": 1, "concurrency": 1 }
            """));
        var request = $$"""{ "job": "wf-250-failing-cells", "targets": [{{targets}}] }""";

        var run = await engines.Cloud.RunExecutionAsync(request);

        output.WriteLine($"{run.Outcome.Status.ToApiName()} in {run.Outcome.Duration.TotalSeconds:0} s, {run.Outcome.StateTransitions} transitions; largest state: {run.Outcome.LargestStateBytes} bytes ({run.Outcome.LargestState})");
        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        Assert.InRange(run.Outcome.LargestStateBytes, 1, 128 * 1024);
        var (report, _) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.Equal(250, report.Targets.Sum(t => t.FailedCells.Count));
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.AlwaysFails, before[0]);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.AlsoFails, before[1]);
    }

    private static List<JsonElement> CleanedTargets(LocalRunResult run)
    {
        Assert.True(run.Cleanup is not null, run.CleanupError);
        using var document = JsonDocument.Parse(run.Cleanup);
        return [.. document.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.Clone())];
    }

    /// <summary>Polls the function's versions and stops the run once <paramref name="count"/> of them are Tuner's.</summary>
    private static async Task StopOnceVersionsAsync(ILambdaApi lambda, string function, int count, CancellationTokenSource stop)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var versions = await lambda.ListVersionsByFunctionAsync(function);
            if (versions.Count(v => v.Description?.StartsWith("tuner:", StringComparison.Ordinal) == true) >= count)
            {
                await stop.CancelAsync();
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"the Planner did not publish {count} versions of {function} within 3 minutes");
    }

    /// <summary>Records events and stops the run on the first event matching <paramref name="when"/>.</summary>
    private sealed class StopOn(List<ExecutionEvent> events, CancellationTokenSource stop, Func<ExecutionEvent, bool> when) : IProgress<ExecutionEvent>
    {
        public void Report(ExecutionEvent value)
        {
            events.Add(value);
            if (when(value))
            {
                stop.Cancel();
            }
        }
    }
}
