namespace Tuner.Contracts;

/// <summary>
/// <see cref="ExecutionStatus"/> as Step Functions' API and its EventBridge "Execution Status Change" events spell it
/// (the local engine reports the same strings), and the groups of statuses Tuner acts on.
/// </summary>
public static class ExecutionStatuses
{
    private const string Running = "RUNNING";
    private const string Succeeded = "SUCCEEDED";
    private const string Failed = "FAILED";
    private const string TimedOut = "TIMED_OUT";
    private const string Aborted = "ABORTED";
    private const string PendingRedrive = "PENDING_REDRIVE";

    private static readonly Dictionary<string, ExecutionStatus> ByApiName = new(StringComparer.Ordinal)
    {
        [Running] = ExecutionStatus.Running,
        [Succeeded] = ExecutionStatus.Succeeded,
        [Failed] = ExecutionStatus.Failed,
        [TimedOut] = ExecutionStatus.TimedOut,
        [Aborted] = ExecutionStatus.Aborted,
        [PendingRedrive] = ExecutionStatus.PendingRedrive,
    };

    /// <summary>
    /// The statuses an execution ends in: what <c>tuner run --json</c> reports for a run that started (the output schema,
    /// <c>docs/schemas/tuner-output.schema.json</c>, lists them beside the CLI's own <c>REFUSED</c>).
    /// </summary>
    public static IReadOnlyList<ExecutionStatus> Endings { get; } =
        [ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Aborted];

    /// <summary>The endings after which the Cleaner runs (on AWS through the EventBridge rule, locally by the local cloud).</summary>
    public static IReadOnlyList<ExecutionStatus> EndingsNeedingCleanup { get; } =
        [ExecutionStatus.Aborted, ExecutionStatus.TimedOut, ExecutionStatus.Failed];

    /// <summary>The status Step Functions spells <paramref name="apiName"/> (exactly, e.g. <c>TIMED_OUT</c>).</summary>
    /// <exception cref="FormatException">The string is no status Step Functions reports (the message lists those it does).</exception>
    public static ExecutionStatus Parse(string? apiName) =>
        apiName is not null && ByApiName.TryGetValue(apiName, out var status)
            ? status
            : throw new FormatException(
                $"{(apiName is null ? "no execution status" : $"'{apiName}' is not an execution status")}: Step Functions reports {string.Join(", ", Enum.GetValues<ExecutionStatus>().Select(ToApiName))}");

    /// <summary>The status as Step Functions spells it (<c>TIMED_OUT</c> …).</summary>
    public static string ToApiName(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => Running,
        ExecutionStatus.Succeeded => Succeeded,
        ExecutionStatus.Failed => Failed,
        ExecutionStatus.TimedOut => TimedOut,
        ExecutionStatus.Aborted => Aborted,
        ExecutionStatus.PendingRedrive => PendingRedrive,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not an execution status"),
    };

    /// <summary>Whether the execution has stopped: any status but <c>RUNNING</c> and <c>PENDING_REDRIVE</c>.</summary>
    public static bool IsFinished(this ExecutionStatus status) =>
        status is not (ExecutionStatus.Running or ExecutionStatus.PendingRedrive);
}
