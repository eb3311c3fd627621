using Amazon.DynamoDBv2.Model;
using Tuner.IntegrationTests.BatchWriter;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.LocalCloud;

/// <summary>Tables declared in tuner.local.json: read with every problem's path, created like the user's, metered at their capacity.</summary>
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalTablesTests(LocalEnginesFixture fixture) : IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "tuner-tables-" + Guid.NewGuid().ToString("N") + ".json");

    [Fact]
    public void Load_InvalidDeclarations_NamesEveryProblemWithItsPath()
    {
        File.WriteAllText(_registry, """
            {"functions": [], "tables": [
              {"name": "ok-table", "partitionKey": {"name": "pk", "type": "S"}},
              {"name": "x", "partitionKey": {"name": "pk", "type": "BOOL"}, "billing": "provisioned"},
              {"name": "ondemand", "partitionKey": {"name": "pk", "type": "S"}, "writeCapacityUnits": 5}
            ]}
            """);

        var error = Assert.Throws<InvalidDataException>(() => LocalTables.Load(_registry));

        Assert.Contains("tables[1].name: a table name of 3 to 255 characters is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("tables[1].partitionKey.type: 'BOOL' is not S, N or B", error.Message, StringComparison.Ordinal);
        Assert.Contains("tables[1].writeCapacityUnits: a provisioned table needs a positive write capacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("tables[2]: capacity units are for provisioned tables", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tables[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task CreateAsync_ProvisionedTable_HasTheDeclaredKeysAndTheEmulatorHoldsItToItsWriteCapacity()
    {
        var engine = await fixture.GetDynamoDbAsync();
        var name = "declared-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(_registry, $$"""
            {"functions": [], "tables": [
              {"name": "{{name}}", "partitionKey": {"name": "tenant", "type": "S"}, "sortKey": {"name": "seq", "type": "N"}, "billing": "provisioned", "writeCapacityUnits": 5}
            ]}
            """);
        using var client = EngineClient.Create(engine);

        await LocalTables.CreateAsync(client, engine, LocalTables.Load(_registry), TextWriter.Null, CancellationToken.None);

        var table = (await client.DescribeTableAsync(name)).Table;
        Assert.Equal(["tenant:HASH", "seq:RANGE"], table.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        Assert.Equal(5, table.ProvisionedThroughput.WriteCapacityUnits);
        var settings = (await engine.GetStatsAsync()).GetProperty("tables").GetProperty(name).GetProperty("settings");
        Assert.Equal(5, settings.GetProperty("wcu").GetDouble());
        // 25 one-unit items at once against 5 WCU: the emulator hands most of them back unprocessed.
        var batch = new BatchWriteItemRequest
        {
            RequestItems = new Dictionary<string, List<WriteRequest>>
            {
                [name] = [.. Enumerable.Range(0, 25).Select(i => new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>
                {
                    ["tenant"] = new() { S = "t" },
                    ["seq"] = new() { N = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                })))],
            },
        };
        var response = await client.BatchWriteItemAsync(batch);
        Assert.InRange(response.UnprocessedItems[name].Count, 15, 20);
    }

    public void Dispose() => File.Delete(_registry);
}
