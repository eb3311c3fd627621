using Tuner.IntegrationTests.Workflow;
using Tuner.Tests.TestSupport;

namespace Tuner.IntegrationTests;

/// <summary>The workflow getter of the shared fixture: the whole local stack (state machine included) with the workflow tests' targets.</summary>
public sealed partial class LocalEnginesFixture
{
    private WorkflowEngines? _workflow;
    private WorkflowEngines? _shortBudgetWorkflow;

    /// <summary>The Executor budget of <see cref="GetShortBudgetWorkflowAsync"/>: a few seconds, so a test cell outlasts it.</summary>
    public static TimeSpan ShortExecutorBudget { get; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Every local engine (dynalite, s3rver, the local Lambda service with Tuner's five functions and the test targets,
    /// aws-local-stepfunctions per run), started on first use and stopped with the fixture.
    /// </summary>
    public Task<WorkflowEngines> GetWorkflowAsync() =>
        StartOnceAsync(() => _workflow, () => WorkflowEngines.StartAsync(RepoFiles.Root), engines => _workflow = engines);

    /// <summary>
    /// A second whole local stack, the same targets, whose Executors stop starting waves after
    /// <see cref="ShortExecutorBudget"/> (<c>TUNER_EXECUTOR_SECONDS</c>): the deadline fault tests. Started on first use.
    /// </summary>
    public Task<WorkflowEngines> GetShortBudgetWorkflowAsync() =>
        StartOnceAsync(() => _shortBudgetWorkflow, () => WorkflowEngines.StartAsync(RepoFiles.Root, ShortExecutorBudget, "tuner-short-budget-tests"), engines => _shortBudgetWorkflow = engines);
}
