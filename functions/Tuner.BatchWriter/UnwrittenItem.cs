using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter;

/// <summary>An item that is not in the table, its position in the input, why, and how often it was sent.</summary>
public sealed record UnwrittenItem(
    long Index,
    Dictionary<string, AttributeValue> Item,
    WriteFailureReason Reason,
    int Attempts,
    string? LastError);
