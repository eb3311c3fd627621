using Tuner.IntegrationTests.Workflow;

namespace Tuner.IntegrationTests;

/// <summary>The workflow getter of the shared fixture: the whole local stack (state machine included) with the workflow tests' targets.</summary>
public sealed partial class LocalEnginesFixture
{
    private WorkflowEngines? _workflow;

    /// <summary>
    /// Every local engine (dynalite, s3rver, the local Lambda service with Tuner's five functions and the test targets,
    /// aws-local-stepfunctions per run), started on first use and stopped with the fixture.
    /// </summary>
    public Task<WorkflowEngines> GetWorkflowAsync() =>
        StartOnceAsync(() => _workflow, () => WorkflowEngines.StartAsync(RepoRoot), engines => _workflow = engines);
}
