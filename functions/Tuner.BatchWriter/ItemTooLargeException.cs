namespace Tuner.BatchWriter;

/// <summary>
/// One or more items exceed DynamoDB's 400 KB item limit. Thrown before any call is made, so nothing of the
/// request was written. <see cref="Items"/> names each offending item by its position and size.
/// </summary>
public sealed class ItemTooLargeException : Exception
{
    public ItemTooLargeException()
        : this([])
    {
    }

    public ItemTooLargeException(string message)
        : base(message)
    {
        Items = [];
    }

    public ItemTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Items = [];
    }

    public ItemTooLargeException(IReadOnlyList<(long Index, int SizeBytes)> items)
        : base(Describe(items))
    {
        Items = items;
    }

    /// <summary>Position in the input and size in bytes (as DynamoDB counts it) of each oversized item.</summary>
    public IReadOnlyList<(long Index, int SizeBytes)> Items { get; }

    private static string Describe(IReadOnlyList<(long Index, int SizeBytes)> items)
    {
        var shown = string.Join(", ", items.Take(10).Select(i => $"items[{i.Index}]: {i.SizeBytes} bytes"));
        var more = items.Count > 10 ? $" and {items.Count - 10} more" : string.Empty;
        return $"{items.Count} item(s) exceed DynamoDB's item size limit of {ItemSize.MaxItemBytes} bytes (400 KB); nothing was written: {shown}{more}";
    }
}
