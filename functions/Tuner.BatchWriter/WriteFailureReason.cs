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

    /// <summary>The SDK failed before DynamoDB answered (an <c>AmazonClientException</c>, e.g. credentials that could not be refreshed); not written.</summary>
    ClientError,

    /// <summary>The writer's worker holding the item hit an unexpected error (e.g. the input stream threw); see <see cref="BatchWriteResult.Fault"/>.</summary>
    Faulted,
}
