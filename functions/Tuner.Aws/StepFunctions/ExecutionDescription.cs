using Tuner.Contracts;

namespace Tuner.Aws.StepFunctions;

/// <summary>
/// The answer of DescribeExecution. <c>Status</c> is parsed from the answer's <c>status</c> (one missing or unknown is
/// an error); <c>Output</c> is set on success, <c>Error</c>/<c>Cause</c> on failure.
/// </summary>
public sealed record ExecutionDescription(
    string ExecutionArn,
    string StateMachineArn,
    string? Name,
    ExecutionStatus Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Input,
    string? Output,
    string? Error,
    string? Cause)
{
    /// <summary>Whether the execution has stopped (any status but RUNNING and PENDING_REDRIVE).</summary>
    public bool IsFinished => Status.IsFinished();
}
