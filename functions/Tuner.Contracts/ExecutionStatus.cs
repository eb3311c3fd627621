namespace Tuner.Contracts;

/// <summary>
/// Step Functions' execution statuses as its API and its EventBridge "Execution Status Change" events spell them
/// (DescribeExecution <c>status</c>, https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html,
/// read 2026-12-01); the local engine reports the same strings.
/// </summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";

    /// <summary>An ended execution being redriven: not finished.</summary>
    public const string PendingRedrive = "PENDING_REDRIVE";

    /// <summary>The endings after which the Cleaner runs (on AWS through the EventBridge rule, locally by the local cloud).</summary>
    public static IReadOnlyList<string> EndingsNeedingCleanup { get; } = [Aborted, TimedOut, Failed];
}
