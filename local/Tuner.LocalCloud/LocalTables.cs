using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Tuner.LocalCloud;

/// <summary>
/// The <c>tables</c> of <c>tuner.local.json</c>:
/// <c>[{"name","partitionKey":{"name","type"},"sortKey":{…},"billing":"onDemand"|"provisioned","writeCapacityUnits","readCapacityUnits"}]</c>.
/// <see cref="Load"/> reports every problem with its field path; <see cref="CreateAsync"/> creates the tables on the local
/// DynamoDB and gives each provisioned one its write capacity in the emulator (on-demand tables keep the emulator's
/// default, one partition's 1,000 WCU/s). DynamoDB's burst capacity (up to 300 s of unused provisioned capacity) is not
/// emulated: a table's bucket holds one second of it.
/// </summary>
public static class LocalTables
{
    private static readonly string[] KeyTypes = ["S", "N", "B"];

    /// <summary>The declared tables (none when the file has no <c>tables</c>).</summary>
    /// <exception cref="InvalidDataException">Every problem, one per line, with its field path.</exception>
    public static IReadOnlyList<LocalTable> Load(string registryPath)
    {
        using var stream = File.OpenRead(registryPath);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("tables", out var tables))
        {
            return [];
        }

        var problems = new List<string>();
        var result = new List<LocalTable>();
        if (tables.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("tables: must be an array");
        }

        var index = 0;
        foreach (var item in tables.EnumerateArray())
        {
            var at = $"tables[{index++}]";
            var name = String(item, "name");
            if (name is null || name.Length is < 3 or > 255)
            {
                problems.Add($"{at}.name: a table name of 3 to 255 characters is required");
            }

            var partition = Key(item, "partitionKey", at, problems, required: true);
            var sort = Key(item, "sortKey", at, problems, required: false);
            var billing = String(item, "billing") ?? "onDemand";
            var provisioned = billing == "provisioned";
            if (!provisioned && billing != "onDemand")
            {
                problems.Add($"{at}.billing: '{billing}' is not onDemand or provisioned");
            }

            var write = Int(item, "writeCapacityUnits");
            var read = Int(item, "readCapacityUnits");
            if (provisioned && write is not > 0)
            {
                problems.Add($"{at}.writeCapacityUnits: a provisioned table needs a positive write capacity");
            }

            if (!provisioned && (write is not null || read is not null))
            {
                problems.Add($"{at}: capacity units are for provisioned tables (billing: provisioned)");
            }

            if (result.Any(t => t.Name == name))
            {
                problems.Add($"{at}.name: table '{name}' is declared twice");
            }

            if (name is not null && partition is not null)
            {
                result.Add(new LocalTable(name, partition, sort, provisioned, write, read ?? (provisioned ? 1 : null)));
            }
        }

        return problems.Count == 0 ? result : throw new InvalidDataException(string.Join("; ", problems));
    }

    /// <summary>Creates each table (unless it exists), waits until it is active, and sets its capacity in the emulator.</summary>
    public static async Task CreateAsync(IAmazonDynamoDB client, DynamoDbEngine engine, IReadOnlyList<LocalTable> tables, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(log);
        foreach (var table in tables)
        {
            await log.WriteLineAsync(table.Provisioned
                ? $"Creating DynamoDB table {table.Name} (provisioned, {table.WriteCapacityUnits} WCU) …"
                : $"Creating DynamoDB table {table.Name} (on demand) …").ConfigureAwait(false);
            var keys = new[] { (table.PartitionKey, KeyType.HASH), (table.SortKey, KeyType.RANGE) }.Where(k => k.Item1 is not null).ToList();
            var request = new CreateTableRequest
            {
                TableName = table.Name,
                AttributeDefinitions = [.. keys.Select(k => new AttributeDefinition(k.Item1!.Name, new ScalarAttributeType(k.Item1.Type)))],
                KeySchema = [.. keys.Select(k => new KeySchemaElement(k.Item1!.Name, k.Item2))],
                BillingMode = table.Provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST,
                ProvisionedThroughput = table.Provisioned ? new ProvisionedThroughput(table.ReadCapacityUnits ?? 1, table.WriteCapacityUnits!.Value) : null,
            };
            try
            {
                await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ResourceInUseException)
            {
                // Already there (a table another target declared the same way).
            }

            await WaitActiveAsync(client, table.Name, cancellationToken).ConfigureAwait(false);
            await engine.ConfigureTableAsync(
                table.Name, writeUnitsPerSecond: table.Provisioned ? table.WriteCapacityUnits!.Value : DynamoDbEngine.DefaultWriteUnitsPerSecond, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WaitActiveAsync(IAmazonDynamoDB client, string name, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while ((await client.DescribeTableAsync(new DescribeTableRequest { TableName = name }, timeout.Token).ConfigureAwait(false)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token).ConfigureAwait(false);
        }
    }

    private static LocalTableKey? Key(JsonElement item, string property, string at, List<string> problems, bool required)
    {
        if (!item.TryGetProperty(property, out var key) || key.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                problems.Add($"{at}.{property}: is required ({{\"name\": \"pk\", \"type\": \"S\"}})");
            }

            return null;
        }

        var name = String(key, "name");
        var type = String(key, "type");
        if (string.IsNullOrEmpty(name))
        {
            problems.Add($"{at}.{property}.name: is required");
        }

        if (type is null || !KeyTypes.Contains(type))
        {
            problems.Add($"{at}.{property}.type: '{type}' is not S, N or B");
        }

        return string.IsNullOrEmpty(name) || type is null || !KeyTypes.Contains(type) ? null : new LocalTableKey(name, type);
    }

    private static string? String(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
