namespace Tuner.LocalCloud;

/// <summary>
/// A DynamoDB table as the user's account has it, declared in <c>tuner.local.json</c>'s <c>tables</c>: its key schema
/// (attribute name and type <c>S</c>, <c>N</c> or <c>B</c>) and capacity — on demand, or provisioned with
/// <see cref="WriteCapacityUnits"/>, which the local DynamoDB's capacity emulator then enforces for it.
/// </summary>
public sealed record LocalTable(
    string Name,
    LocalTableKey PartitionKey,
    LocalTableKey? SortKey,
    bool Provisioned,
    int? WriteCapacityUnits,
    int? ReadCapacityUnits);

/// <summary>One key attribute: its name and DynamoDB scalar type (<c>S</c>, <c>N</c>, <c>B</c>).</summary>
public sealed record LocalTableKey(string Name, string Type);
