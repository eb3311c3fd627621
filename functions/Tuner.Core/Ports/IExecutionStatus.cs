namespace Tuner.Core.Ports;

/// <summary>
/// Whether a run's workflow execution is still running: Step Functions' DescribeExecution on AWS, the run's records in
/// the bucket locally. Asked before a run takes over another run's expired lease.
/// </summary>
public interface IExecutionStatus
{
    /// <summary>
    /// The state of the execution of run <paramref name="runId"/> (<paramref name="executionArn"/> when it was recorded).
    /// <see cref="ExecutionState.Unknown"/> when it cannot be told: callers treat that as running.
    /// </summary>
    Task<ExecutionState> GetStateAsync(string runId, string? executionArn, CancellationToken cancellationToken = default);
}
