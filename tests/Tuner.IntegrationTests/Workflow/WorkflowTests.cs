using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Samples;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.Workflow;

/// <summary>
/// The state machine end to end on the real local engines: aws-local-stepfunctions running statemachine/tuner.asl.json,
/// Tuner's five functions and the targets in the local Lambda service (cgroup limits), dynalite and s3rver.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class WorkflowTests(LocalEnginesFixture fixture)
{
    [Fact]
    public async Task Run_SmallRequest_MeasuresInStagesThroughTheNarrowerLoopToASignedReportAndRestoresTheTarget()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var request = WorkflowRun.Request(
            WorkflowEngines.Workload, "[512, 1024]", extra: """, "dynamoDbBatch": {"batchSize": [5, 25], "parallelism": [2]}, "confirmInvocations": 6""");

        var (run, events) = await WorkflowRun.ExecuteAsync(engines, request);

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        // The loop: Narrower → MoreStages → Measure → Narrower … → MoreStages → Reducer.
        var entered = events.Where(e => e.Event == "StateEntered" && e.Index is null).Select(e => e.State).ToList();
        var narrowerCalls = entered.Count(s => s == "Narrower");
        Assert.True(narrowerCalls >= 3, string.Join(" → ", entered));
        Assert.Equal(narrowerCalls, entered.Count(s => s == "MoreStages"));
        Assert.Equal(narrowerCalls - 1, entered.Count(s => s == "Measure"));
        Assert.Equal("Reducer", entered[entered.LastIndexOf("MoreStages") + 1]);
        Assert.Equal(narrowerCalls - 1, events.Count(e => e.Event == "MapIterationSucceeded")); // one unit per step locally

        using var stagesJson = JsonDocument.Parse(await engines.Store.GetAsync($"runs/{run.RunId}/stages.json") ?? []);
        var target = Assert.Single(stagesJson.RootElement.GetProperty("targets").EnumerateArray());
        Assert.True(target.GetProperty("done").GetBoolean());
        var stages = target.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal("firstPass", stages[0].GetProperty("kind").GetString());
        Assert.Equal(5, stages[0].GetProperty("cells").GetArrayLength());
        var confirmation = stages[^1];
        Assert.Equal("confirmation", confirmation.GetProperty("kind").GetString());
        var paired = confirmation.GetProperty("cells").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains("t0-baseline", paired);

        var samples = new List<Sample>();
        foreach (var key in await WorkflowRun.KeysAsync(engines.Store, $"runs/{run.RunId}/samples/"))
        {
            Assert.Matches(@"/samples/t0-[a-z0-9-]+/step-\d+\.jsonl$", key);
            Assert.Empty(SampleJsonl.Read(await engines.Store.GetAsync(key) ?? [], samples));
        }

        Assert.All(samples, s => Assert.Null(s.ErrorType));
        Assert.All(samples, s => Assert.Equal(20, s.Items));
        var firstPass = samples.Where(s => s.Stage == 1).ToList();
        Assert.Equal(5, firstPass.Where(s => s.Warmup).Select(s => s.CellId).Distinct().Count());
        Assert.All(firstPass.Where(s => s.IsWarm).GroupBy(s => s.CellId), g => Assert.Equal(3, g.Count()));
        var confirmationNumber = confirmation.GetProperty("number").GetInt32();
        var confirmed = samples.Where(s => s.Stage == confirmationNumber && s.IsWarm).GroupBy(s => s.CellId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(paired.Order(), confirmed.Keys.Order());
        Assert.All(confirmed.Values, list => Assert.Equal(6, list.Count));
        // Paired rounds: both sides of the confirmation were sampled in the same rounds.
        Assert.Equal(confirmed[paired[0]].Select(s => s.Round).Distinct().Order(), confirmed[paired[1]].Select(s => s.Round).Distinct().Order());

        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        var reported = Assert.Single(report.Targets);
        Assert.NotNull(reported.Recommendation);
        Assert.Equal(5, reported.Cells.Count);
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/report.html"));
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/samples.csv"));
        Assert.NotNull(await engines.Store.GetAsync($"runs/{run.RunId}/steps/1/unit-0.json"));
        Assert.NotNull(await engines.Store.GetAsync($"jobs/wf-{WorkflowEngines.Workload}/latest.json"));
        Assert.Contains(events, e => e.Event == "StateEntered" && e.State == "Cleaner");
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_ColdMode_MeasuresEveryInvocationInANewEnvironmentDecidesOnColdFiguresAndLeavesNoVersion()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        // Baseline (512 MB) and 1024 MB, 3 cold samples each in the first pass and per confirmation side: 12 versions.
        var request = WorkflowRun.Request(WorkflowEngines.Workload, "[1024]", extra: """, "confirmInvocations": 3, "measure": "cold" """);

        var (run, events) = await WorkflowRun.ExecuteAsync(engines, request);

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        using var plan = JsonDocument.Parse(await engines.Store.GetAsync($"runs/{run.RunId}/plan.json") ?? []);
        var versions = plan.RootElement.GetProperty("versions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(12, versions.Count);
        Assert.Equal(12, versions.Values.Distinct().Count());
        Assert.All(versions.Keys, k => Assert.Matches(@"^t0-(baseline|m1024)\.cold[1-6]$", k));

        var samples = new List<Sample>();
        foreach (var key in await WorkflowRun.KeysAsync(engines.Store, $"runs/{run.RunId}/samples/"))
        {
            Assert.Empty(SampleJsonl.Read(await engines.Store.GetAsync(key) ?? [], samples));
        }

        // Every invocation went to a version of its own, no warm-up: each is a cold start that reported its INIT.
        Assert.InRange(samples.Count, 12 - 6, 12);
        Assert.All(samples, s => Assert.Null(s.ErrorType));
        Assert.All(samples, s => Assert.False(s.Warmup));
        Assert.All(samples, s => Assert.True(s.ColdStart, $"sample {s.Index} of {s.CellId} was warm"));
        Assert.All(samples, s => Assert.True(s.InitDurationMs > 0, $"sample {s.Index} of {s.CellId} has no Init Duration"));
        Assert.Equal(2, samples.Select(s => s.CellId).Distinct().Count());

        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        var target = Assert.Single(report.Targets);
        Assert.NotNull(target.Recommendation);
        var decision = Assert.IsType<Tuner.Core.Decisions.TargetDecision>(target.Decision);
        Assert.Equal("cold", decision.Measure);
        Assert.Equal(samples.Count, decision.MeasuredInvocations);
        Assert.Contains(Tuner.Reports.ReportText.DecisionLines(decision), l => l.StartsWith("Decided on cold starts", StringComparison.Ordinal));
        // The decided figures are cold latency: each cell's mean is the mean of INIT + handler of its cold starts.
        foreach (var cell in target.Cells)
        {
            var cold = samples.Where(s => s.CellId == cell.CellId).Select(s => s.DurationMs + s.InitDurationMs!.Value).ToList();
            Assert.Equal(cold.Count, cell.Statistics.Count);
            Assert.Equal(cold.Average(), cell.Statistics.Duration!.Mean, 3);
        }

        Assert.Contains(events, e => e.Event == "StateEntered" && e.State == "Cleaner");
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_PlannerPublishBudgetOfZero_LoopsThroughResumePlannerOnceAVersionAndStillReports()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        var request = WorkflowRun.Request(
            WorkflowEngines.Workload, "[512, 1024]", extra: """, "dynamoDbBatch": {"batchSize": [5, 25], "parallelism": [2]}, "confirmInvocations": 4""");

        // A budget of 0 s: every Planner invocation publishes one version, then stops and restores $LATEST.
        var planner = LocalCloudSession.SystemFunctions["Planner"];
        var plannerBefore = await engines.Lambda.GetFunctionConfigurationAsync(planner);
        var zeroBudget = new Dictionary<string, string>(plannerBefore.Environment) { ["TUNER_PLANNER_PUBLISH_SECONDS"] = "0" };
        LocalRunResult run;
        List<ExecutionEvent> events;
        await WorkflowRun.UpdateEnvironmentAsync(engines, planner, zeroBudget);
        try
        {
            (run, events) = await WorkflowRun.ExecuteAsync(engines, request);
        }
        finally
        {
            await WorkflowRun.UpdateEnvironmentAsync(engines, planner, plannerBefore.Environment);
        }

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        var entered = events.Where(e => e.Event == "StateEntered" && e.Index is null).Select(e => e.State).ToList();
        Assert.Single(entered, s => s == "Planner");
        Assert.Equal(4, entered.Count(s => s == "ResumePlanner"));
        Assert.Equal(5, entered.Count(s => s == "AllPublished"));
        Assert.Equal(entered.Count(s => s == "Narrower") - 1, entered.Count(s => s == "Measure"));
        Assert.True(entered.IndexOf("Narrower") > entered.LastIndexOf("ResumePlanner"), "measuring started before every version was published");
        Assert.DoesNotContain("CleanUpAfterFailure", entered);
        using var plan = JsonDocument.Parse(await engines.Store.GetAsync($"runs/{run.RunId}/plan.json") ?? []);
        var versions = plan.RootElement.GetProperty("versions").EnumerateObject().Select(p => p.Value.GetString()).ToList();
        Assert.Equal(5, versions.Distinct().Count());
        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        var target = Assert.Single(report.Targets);
        Assert.Equal(5, target.Cells.Count);
        Assert.NotNull(target.Recommendation);
        Assert.Equal(entered.Count(s => s == "Measure"), events.Count(e => e.Event == "MapIterationSucceeded"));
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Fact]
    public async Task Run_TargetThatAlwaysFails_RecordsFailedCellsAndLeavesNoVersion()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.AlwaysFails);

        var (run, _) = await WorkflowRun.ExecuteAsync(engines, WorkflowRun.Request(WorkflowEngines.AlwaysFails, "[256, 512]", payload: "{}"));

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        var (report, verified) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        Assert.True(verified);
        var target = Assert.Single(report.Targets);
        // The current 256 MB is the baseline cell, not measured twice: baseline + 512 MB.
        Assert.Equal(["t0-baseline", "t0-m512"], target.FailedCells.Select(f => f.CellId).Order(StringComparer.Ordinal));
        Assert.All(target.FailedCells, f => Assert.Equal("InvalidOperationException", f.ErrorType));
        Assert.NotNull(target.Recommendation);
        Assert.Equal(Tuner.Core.Objectives.RecommendationAction.KeepCurrent, target.Recommendation.Action);
        Assert.Contains("no configuration meets the constraints", target.Recommendation.Reason, StringComparison.Ordinal);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.AlwaysFails, before);
    }

    [Fact]
    public async Task Run_OutOfMemoryAtTheLowestTier_RecordsThatCellFailedAndRecommendsAnother()
    {
        var engines = await fixture.GetWorkflowAsync();
        Assert.True(engines.Cloud.Lambda.LimitsEnforced, "this test needs cgroup memory limits: " + engines.Cloud.Lambda.LimitsDescription);
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Allocates);

        var (run, _) = await WorkflowRun.ExecuteAsync(
            engines, WorkflowRun.Request(WorkflowEngines.Allocates, "[128, 1024]", payload: """{"megabytes": 200}"""));

        Assert.True(run.Outcome.Succeeded, $"{run.Outcome.Error}: {run.Outcome.Cause}");
        var (report, _) = await WorkflowRun.ReadVerifiedReportAsync(engines, run.RunId);
        var target = Assert.Single(report.Targets);
        var failed = Assert.Single(target.FailedCells);
        Assert.Equal("t0-m128", failed.CellId);
        Assert.Contains("OutOfMemory", failed.ErrorType, StringComparison.Ordinal);
        Assert.NotNull(target.Recommendation);
        Assert.NotEqual(128, target.Recommendation.MemoryMb);
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Allocates, before);
    }

    [Fact]
    public async Task Run_CancelledAfterTheFirstUnit_CleanerRemovesTheVersionsAndRestoresTheTarget()
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(WorkflowEngines.Workload);
        using var cancel = new CancellationTokenSource();
        var events = new List<Tuner.LocalCloud.ExecutionEvent>();
        var cancelAfterFirstUnit = new CancelOn(events, cancel, e => e.Event == "MapIterationSucceeded");

        var run = await engines.Cloud.RunExecutionAsync(
            WorkflowRun.Request(WorkflowEngines.Workload, "[512, 1024]"), cancelAfterFirstUnit, cancellationToken: cancel.Token);

        Assert.Equal("ABORTED", run.Outcome.Status.ToApiName());
        Assert.NotNull(run.Cleanup);
        Assert.Contains("\"deletedVersions\"", run.Cleanup, StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Event == "StateEntered" && e.State == "Reducer");
        await WorkflowRun.AssertUnchangedAsync(engines, WorkflowEngines.Workload, before);
    }

    [Theory]
    [InlineData(WorkflowEngines.NotAllowed, "[256]", "", "FunctionNotAllowedException", "tuner:allow")]
    [InlineData(WorkflowEngines.Workload, "[256, 512]", """, "budget": {"maxUsd": 0.0000001}""", "BudgetExceededException", "budget.maxUsd")]
    [InlineData(WorkflowEngines.Workload, "[64, 512]", "", "InvalidTuningRequestException", "targets[0].memoryMb[0]")]
    public async Task Run_PlannerRefusal_FailsWithAClearMessageAndChangesNothing(string function, string memory, string topLevel, string error, string causeMentions)
    {
        var engines = await fixture.GetWorkflowAsync();
        var before = await engines.Lambda.GetFunctionConfigurationAsync(function);
        var request = WorkflowRun.Request(function, memory, topLevel: topLevel);

        var (run, events) = await WorkflowRun.ExecuteAsync(engines, request);

        Assert.Equal("FAILED", run.Outcome.Status.ToApiName());
        Assert.Equal(error, run.Outcome.Error);
        Assert.Contains(causeMentions, run.Outcome.Cause, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Event == "StateEntered" && e.State == "CleanUpAfterFailure");
        Assert.DoesNotContain(events, e => e.Event == "StateEntered" && e.State == "Measure");
        await WorkflowRun.AssertUnchangedAsync(engines, function, before);
    }

    /// <summary>Records events and cancels the run on the first event matching <paramref name="when"/>.</summary>
    private sealed class CancelOn(List<Tuner.LocalCloud.ExecutionEvent> events, CancellationTokenSource cancel, Func<Tuner.LocalCloud.ExecutionEvent, bool> when)
        : IProgress<Tuner.LocalCloud.ExecutionEvent>
    {
        public void Report(Tuner.LocalCloud.ExecutionEvent value)
        {
            events.Add(value);
            if (when(value))
            {
                cancel.Cancel();
            }
        }
    }
}
