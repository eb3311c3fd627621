namespace Tuner.Core.Ports;

/// <summary>What <see cref="IExecutionStatus"/> can tell of an execution.</summary>
public enum ExecutionState
{
    /// <summary>Still running (Step Functions: RUNNING or PENDING_REDRIVE).</summary>
    Running,

    /// <summary>Ended (succeeded, failed, timed out, aborted) or never existed.</summary>
    Ended,

    /// <summary>Cannot be told (no execution ARN recorded, or nothing says it ended).</summary>
    Unknown,
}
