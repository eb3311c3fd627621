using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter;

/// <summary>An input item on its way to the table: where it came from, its size, and its attempts so far.</summary>
internal sealed class PendingItem(long index, Dictionary<string, AttributeValue> item, int size)
{
    public long Index { get; } = index;

    public Dictionary<string, AttributeValue> Item { get; } = item;

    public int Size { get; } = size;

    public int Attempts { get; set; }

    public long FirstAttemptTimestamp { get; set; }

    public string? LastError { get; set; }
}
