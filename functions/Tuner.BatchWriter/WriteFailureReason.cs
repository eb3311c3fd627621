namespace Tuner.BatchWriter;

/// <summary>Why an item was not written.</summary>
public enum WriteFailureReason
{
    /// <summary>Still throttled or unprocessed when its retry deadline passed.</summary>
    RetryDeadlineExceeded,

    /// <summary>DynamoDB refused the call with a non-retryable error (validation, missing table, access denied…).</summary>
    Rejected,

    /// <summary>Cancellation was requested before the item was confirmed written; it was never sent or its last attempt came back unprocessed.</summary>
    Cancelled,

    /// <summary>Larger than 400 KB; never sent (streaming input only: list input throws <see cref="ItemTooLargeException"/> up front).</summary>
    TooLarge,
}
