namespace Tuner.Aws.StepFunctions;

/// <summary>
/// The subset of the AWS Step Functions API Tuner uses to start and follow runs. Implemented by
/// <see cref="StepFunctionsClient"/> (SigV4 JSON 1.0) so the official SDK package can replace it later.
/// Failures surface as <see cref="Http.AwsServiceException"/> (e.g. <c>ExecutionDoesNotExist</c>).
/// </summary>
public interface IStepFunctionsApi
{
    /// <summary>Starts an execution; <paramref name="name"/> (optional) makes the start idempotent.</summary>
    Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string input, string? name = null, CancellationToken cancellationToken = default);

    Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default);

    /// <summary>Every event of the execution, oldest first, across pages, without the states' inputs and outputs.</summary>
    IAsyncEnumerable<ExecutionHistoryEvent> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken = default);

    /// <summary>The newest executions of a state machine (at most <paramref name="maxResults"/>), optionally of one status (RUNNING, SUCCEEDED, FAILED…).</summary>
    Task<IReadOnlyList<ExecutionListItem>> ListExecutionsAsync(string stateMachineArn, string? statusFilter = null, int maxResults = 100, CancellationToken cancellationToken = default);
}
