namespace Tuner.BatchWriter;

/// <summary>Some items could not be written; <see cref="Result"/> says which and why. A function that throws it fails loudly instead of losing items.</summary>
public sealed class BatchWriteIncompleteException : Exception
{
    public BatchWriteIncompleteException()
        : base("some items were not written")
    {
    }

    public BatchWriteIncompleteException(string message)
        : base(message)
    {
    }

    public BatchWriteIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BatchWriteIncompleteException(BatchWriteResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>The full outcome, including every unwritten item.</summary>
    public BatchWriteResult? Result { get; }

    private static string Describe(BatchWriteResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reasons = string.Join(", ", result.NotWritten.GroupBy(i => i.Reason).Select(g => $"{g.Count()} {g.Key}"));
        var firstError = result.NotWritten.Select(i => i.LastError).FirstOrDefault(e => e is not null);
        return $"{result.NotWritten.Count} item(s) not written ({reasons}), {result.WrittenIndexes.Count} written"
            + (firstError is null ? string.Empty : $"; first error: {firstError}");
    }
}
