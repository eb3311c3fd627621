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

    /// <summary>
    /// The statuses an execution ends in: what <c>tuner run --json</c> reports for a run that started (the output schema,
    /// <c>docs/schemas/tuner-output.schema.json</c>, lists them beside the CLI's own <c>REFUSED</c>).
    /// </summary>
    public static IReadOnlyList<string> Endings { get; } = [Succeeded, Failed, TimedOut, Aborted];

    /// <summary>The endings after which the Cleaner runs (on AWS through the EventBridge rule, locally by the local cloud).</summary>
    public static IReadOnlyList<string> EndingsNeedingCleanup { get; } = [Aborted, TimedOut, Failed];
}
