using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tuner.LocalCloud;

namespace Tuner.IntegrationTests.BatchWriter;

/// <summary>
/// What the local DynamoDB answers to BatchWriteItem, on both of its write paths: tables without secondary indexes
/// (written by the engine in one batch) and tables with one (dynalite's own per-item actions). Each case runs on a
/// metered and an unmetered table.
/// </summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class DynamoDbBatchWriteTests(LocalEnginesFixture engines)
{
    public static TheoryData<bool, bool> Paths => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BatchWriteItem_PutsOverwritesAndDeletes_AsDynamoDbDoes(bool withIndex, bool metered)
    {
        var engine = await engines.GetDynamoDbAsync();
        using var client = EngineClient.Create(engine);
        var table = await CreateTableAsync(engine, client, withIndex, metered);

        // Three new items: one write unit each.
        var first = await WriteAsync(client, table, Put("a", 100), Put("b", 100), Put("c", 3_000));
        Assert.Equal(1 + 1 + 3, Assert.Single(first.ConsumedCapacity).CapacityUnits);
        Assert.Empty(first.UnprocessedItems);

        // Overwriting c (3 KB) with a small item costs what the larger of old and new costs; deleting a costs a's size;
        // deleting an item that is not there costs one unit.
        var second = await WriteAsync(client, table, Put("c", 10), Delete("a"), Delete("missing"), Put("d", 1_500));
        Assert.Equal(3 + 1 + 1 + 2, Assert.Single(second.ConsumedCapacity).CapacityUnits);

        var items = (await client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true })).Items;
        Assert.Equal(["b", "c", "d"], items.Select(i => i["pk"].S).Order(StringComparer.Ordinal));
        Assert.Equal(10, items.Single(i => i["pk"].S == "c")["body"].S.Length);
        Assert.All(items, i => Assert.Equal("kind", i["group"].S));

        if (withIndex)
        {
            // The index follows the table: c's new body, a gone.
            var indexed = await client.QueryAsync(new QueryRequest
            {
                TableName = table,
                IndexName = "by-group",
                KeyConditionExpression = "#g = :g",
                ExpressionAttributeNames = new() { ["#g"] = "group" },
                ExpressionAttributeValues = new() { [":g"] = new() { S = "kind" } },
            });
            Assert.Equal(["b", "c", "d"], indexed.Items.Select(i => i["pk"].S).Order(StringComparer.Ordinal));
        }

        var stats = (await engine.GetStatsAsync()).GetProperty("tables").GetProperty(table);
        Assert.Equal(2, stats.GetProperty("calls").GetProperty("BatchWriteItem").GetInt64());
        Assert.Equal(7, stats.GetProperty("writtenItems").GetInt64());
        Assert.Equal(5 + 7, stats.GetProperty("writeUnits").GetDouble());
    }

    [Fact]
    public async Task BatchWriteItem_WithoutReturnConsumedCapacity_AnswersNoCapacity()
    {
        var engine = await engines.GetDynamoDbAsync();
        using var client = EngineClient.Create(engine);
        var table = await CreateTableAsync(engine, client, withIndex: false, metered: false);

        var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [Put("x", 10)] },
        });

        Assert.True(response.ConsumedCapacity is null or { Count: 0 });
        Assert.Empty(response.UnprocessedItems);
        Assert.Single((await client.ScanAsync(new ScanRequest { TableName = table })).Items);
    }

    [Fact]
    public async Task BatchWriteItem_ConcurrentCallsOnTheSameKeys_LeaveOneWholeItemPerKey()
    {
        var engine = await engines.GetDynamoDbAsync();
        using var client = EngineClient.Create(engine);
        var table = await CreateTableAsync(engine, client, withIndex: false, metered: false);

        // 40 calls at once, each writing the same 25 keys with its own marker in every item.
        var calls = Enumerable.Range(0, 40).Select(call => WriteAsync(client, table,
            [.. Enumerable.Range(0, 25).Select(k => Put("k" + k, 50, marker: "call-" + call))]));
        await Task.WhenAll(calls);

        var items = (await client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true })).Items;
        Assert.Equal(25, items.Count);
        Assert.All(items, i => Assert.StartsWith("call-", i["marker"].S, StringComparison.Ordinal));
        Assert.All(items, i => Assert.Equal(50, i["body"].S.Length));
    }

    private static async Task<string> CreateTableAsync(DynamoDbEngine engine, IAmazonDynamoDB client, bool withIndex, bool metered)
    {
        var table = EngineClient.UniqueTable(withIndex ? "indexed" : "plain");
        var request = new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("group", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
        };
        if (withIndex)
        {
            request.GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "by-group",
                    KeySchema = [new("group", KeyType.HASH), new("pk", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ];
        }
        else
        {
            request.AttributeDefinitions.RemoveAt(1);
        }

        await client.CreateTableAsync(request);
        while ((await client.DescribeTableAsync(table)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Delay(20);
        }

        // Metered: a budget far above what the test writes, so the metering path runs and admits everything.
        await engine.ConfigureTableAsync(table, writeUnitsPerSecond: metered ? 1_000_000 : 0, rejectFraction: 0);
        return table;
    }

    private static Task<BatchWriteItemResponse> WriteAsync(IAmazonDynamoDB client, string table, params WriteRequest[] requests) =>
        client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [.. requests] },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });

    /// <summary>An item of <paramref name="bodyLength"/> bytes of body plus its key and group (a few bytes).</summary>
    private static WriteRequest Put(string key, int bodyLength, string marker = "m") => new(new PutRequest(new()
    {
        ["pk"] = new() { S = key },
        ["group"] = new() { S = "kind" },
        ["body"] = new() { S = new string('x', bodyLength) },
        ["marker"] = new() { S = marker },
    }));

    private static WriteRequest Delete(string key) => new(new DeleteRequest(new() { ["pk"] = new() { S = key } }));
}
