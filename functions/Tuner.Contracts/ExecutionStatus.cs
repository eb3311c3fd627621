namespace Tuner.Contracts;

/// <summary>
/// A Step Functions execution status (DescribeExecution <c>status</c>,
/// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html, read 2026-12-01). Its API
/// spelling (<c>TIMED_OUT</c> …) is stated once, in <see cref="ExecutionStatuses"/>: parse with
/// <see cref="ExecutionStatuses.Parse"/> where a status comes in, write <see cref="ExecutionStatuses.ToApiName"/> where
/// one goes out.
/// </summary>
public enum ExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Aborted,

    /// <summary>An ended execution being redriven: not finished.</summary>
    PendingRedrive,
}
