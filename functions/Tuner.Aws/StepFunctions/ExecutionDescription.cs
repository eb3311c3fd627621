using Tuner.Contracts;

namespace Tuner.Aws.StepFunctions;

/// <summary>
/// The answer of DescribeExecution. <c>Status</c> is RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or
/// PENDING_REDRIVE; <c>Output</c> is set on success, <c>Error</c>/<c>Cause</c> on failure.
/// </summary>
public sealed record ExecutionDescription(
    string ExecutionArn,
    string StateMachineArn,
    string? Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Input,
    string? Output,
    string? Error,
    string? Cause)
{
    /// <summary>Whether the execution has stopped (any status but RUNNING and PENDING_REDRIVE).</summary>
    public bool IsFinished => Status is not (ExecutionStatus.Running or ExecutionStatus.PendingRedrive);
}
