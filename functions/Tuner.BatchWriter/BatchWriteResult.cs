namespace Tuner.BatchWriter;

/// <summary>
/// The outcome of one <see cref="BatchWriter"/> write, item by item: <see cref="WrittenIndexes"/> are the input
/// positions DynamoDB confirmed, <see cref="NotWritten"/> every other item the writer took from the input with
/// its reason. For list input, the two together always cover the whole list.
/// </summary>
public sealed record BatchWriteResult(
    IReadOnlyList<long> WrittenIndexes,
    IReadOnlyList<UnwrittenItem> NotWritten,
    BatchWriteMetrics Metrics,
    bool Cancelled,
    TimeSpan Elapsed)
{
    /// <summary>Why a worker stopped early (the input stream threw, …), or null; its items are <see cref="WriteFailureReason.Faulted"/>.</summary>
    public string? Fault { get; init; }

    /// <summary>True when every item taken from the input was written.</summary>
    public bool AllWritten => NotWritten.Count == 0;

    /// <summary>Throws <see cref="BatchWriteIncompleteException"/> unless every item was written.</summary>
    public BatchWriteResult EnsureAllWritten() => AllWritten ? this : throw new BatchWriteIncompleteException(this);
}
