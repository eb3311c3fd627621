using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tuner.BatchWriter;
using Tuner.Workload;
using Xunit.Abstractions;

namespace Tuner.IntegrationTests.BatchWriter;

/// <summary>Tuner.BatchWriter against dynalite through the write-capacity emulator.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class BatchWriterEngineTests(LocalEnginesFixture engines, ITestOutputHelper output)
{
    private static readonly BatchWriterOptions Fast = new()
    {
        BatchSize = 25,
        Parallelism = 8,
        BaseDelay = TimeSpan.FromMilliseconds(2),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        RetryDeadline = TimeSpan.FromSeconds(60),
    };

    private static List<Dictionary<string, AttributeValue>> Items(int count, string prefix = "item") =>
        Enumerable.Range(0, count).Select(i => new Dictionary<string, AttributeValue>
        {
            ["pk"] = new() { S = $"{prefix}-{i:D6}" },
            ["n"] = new() { N = i.ToString(CultureInfo.InvariantCulture) },
        }).ToList();

    [Fact]
    public async Task WriteAsync_100000ItemsAtHalfRejection_EveryItemIsInTheTable()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "half-rejected", writeUnitsPerSecond: 0, rejectFraction: 0.5);
        using var dispose = client;
        var items = Items(100_000);
        var writer = new Tuner.BatchWriter.BatchWriter(client, Fast, random: new Random(1));

        var stopwatch = Stopwatch.StartNew();
        var result = await writer.WriteAsync(table, items);
        stopwatch.Stop();
        var keys = await EngineClient.ScanKeysAsync(client, table);

        output.WriteLine($"100k at 50 % rejection: {stopwatch.Elapsed.TotalSeconds:F1} s, {result.Metrics}");
        Assert.True(result.AllWritten, $"{result.NotWritten.Count} not written, first: {(result.NotWritten.Count > 0 ? result.NotWritten[0] : null)}");
        Assert.Equal(100_000, result.WrittenIndexes.Count);
        Assert.Equal(100_000, keys.Count);
        Assert.True(keys.SetEquals(items.Select(i => i["pk"].S)));
        Assert.Equal(100_000, result.Metrics.Items);
        Assert.Equal(100_000, result.Metrics.ConsumedWriteUnits);
        Assert.InRange(result.Metrics.Retries, 80_000, 120_000); // ≈ one re-send per item at 50 %
        Assert.True(result.Metrics.Throttles > 0);
        Assert.Equal(result.Metrics.Calls, await engine.GetCallCountAsync(table, "BatchWriteItem"));
    }

    [Fact]
    public async Task WriteAsync_401KBItem_RefusedBeforeAnyCall()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "oversized");
        using var dispose = client;
        var items = Items(50);
        items[20]["blob"] = new AttributeValue { S = new string('x', 401 * 1024) };
        var writer = new Tuner.BatchWriter.BatchWriter(client, Fast);
        var callsBefore = await engine.GetCallCountAsync();

        var error = await Assert.ThrowsAsync<ItemTooLargeException>(() => writer.WriteAsync(table, items));

        // Admin requests (stats) are not DynamoDB calls: the engine saw nothing since callsBefore.
        Assert.Equal(callsBefore, await engine.GetCallCountAsync());
        Assert.Equal(0, await engine.GetCallCountAsync(table, "BatchWriteItem"));
        Assert.Equal(20, Assert.Single(error.Items).Index);
        Assert.Empty(await EngineClient.ScanKeysAsync(client, table));
    }

    [Fact]
    public async Task WriteAsync_CancelledMidWrite_ReportsExactlyWhatWasAndWasNotWritten()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "cancelled", writeUnitsPerSecond: 1000, rejectFraction: 0.2, burstSeconds: 0.5);
        using var dispose = client;
        var items = Items(20_000);
        var writer = new Tuner.BatchWriter.BatchWriter(client, Fast, random: new Random(2));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));

        var result = await writer.WriteAsync(table, items, cancellation.Token);
        var keys = await EngineClient.ScanKeysAsync(client, table);

        output.WriteLine($"cancelled after {result.Elapsed.TotalSeconds:F2} s: {result.WrittenIndexes.Count} written, {result.NotWritten.Count} not, {result.Metrics}");
        Assert.True(result.Cancelled);
        Assert.InRange(result.WrittenIndexes.Count, 1, 19_999);
        Assert.True(keys.SetEquals(result.WrittenIndexes.Select(i => items[(int)i]["pk"].S)), "the table holds exactly the items reported written");
        Assert.Equal(20_000, result.WrittenIndexes.Count + result.NotWritten.Count);
        Assert.Empty(result.WrittenIndexes.Intersect(result.NotWritten.Select(i => i.Index)));
        Assert.All(result.NotWritten, i => Assert.Equal(WriteFailureReason.Cancelled, i.Reason));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(5), "stops promptly");
    }

    [Fact]
    public async Task WriteAsync_OverTheTablesWriteBudget_IsThrottledAndStillWritesEverything()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "budget", writeUnitsPerSecond: 1000, rejectFraction: 0, burstSeconds: 0.5);
        using var dispose = client;
        var writer = new Tuner.BatchWriter.BatchWriter(client, Fast with { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(500) }, random: new Random(3));

        var result = await writer.WriteAsync(table, Items(2_500));
        var stats = (await engine.GetStatsAsync()).GetProperty("tables").GetProperty(table);

        output.WriteLine($"2,500 items at 1,000 WCU/s: {result.Elapsed.TotalSeconds:F2} s, {result.Metrics}");
        Assert.True(result.AllWritten);
        Assert.Equal(2_500, (await EngineClient.ScanKeysAsync(client, table)).Count);
        Assert.True(result.Metrics.Throttles > 0);
        Assert.True(stats.GetProperty("rejectedItems").GetInt64() > 0);
        Assert.Equal(2_500, stats.GetProperty("writeUnits").GetDouble());
        Assert.True(result.Elapsed >= TimeSpan.FromSeconds(1.5), "the budget (1,000 WCU/s after a 1,000-unit burst) paces the writes");
    }

    [Fact]
    public async Task BatchWriteItem_PartlyRejected_ReturnsUnprocessedItemsAndCapacityOfWhatWasWritten()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "wire", writeUnitsPerSecond: 0, rejectFraction: 0.5);
        using var dispose = client;
        var items = Items(25);

        BatchWriteItemResponse? response = null;
        for (var attempt = 0; attempt < 20 && response is null; attempt++)
        {
            try
            {
                response = await client.BatchWriteItemAsync(new BatchWriteItemRequest
                {
                    RequestItems = new() { [table] = items.Select(i => new WriteRequest(new PutRequest(i))).ToList() },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                });
            }
            catch (ProvisionedThroughputExceededException)
            {
                // All 25 refused (p = 2^-25): DynamoDB fails the whole call then; try again.
            }
        }

        Assert.NotNull(response);
        var unprocessed = response.UnprocessedItems[table];
        Assert.InRange(unprocessed.Count, 1, 24);
        Assert.Equal(25 - unprocessed.Count, Assert.Single(response.ConsumedCapacity).CapacityUnits);
        var keys = await EngineClient.ScanKeysAsync(client, table);
        Assert.Equal(25 - unprocessed.Count, keys.Count);
        Assert.Empty(keys.Intersect(unprocessed.Select(w => w.PutRequest.Item["pk"].S)));
    }

    [Fact]
    public async Task Writes_ThatDynamoDbWouldRefuse_GetItsOwnErrorBeforeAnyThrottling()
    {
        var engine = await engines.GetDynamoDbAsync();
        var missing = EngineClient.UniqueTable("missing");
        await engine.ConfigureTableAsync(missing, writeUnitsPerSecond: 0, rejectFraction: 0.99); // would refuse nearly every write
        var (client, table) = await EngineClient.CreateTableAsync(engine, "refused", writeUnitsPerSecond: 0, rejectFraction: 0.99);
        using var dispose = client;
        var item = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "k" } };

        // A missing table: DynamoDB's ResourceNotFoundException, never a throttle, for single and batch writes.
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.PutItemAsync(missing, item));
            await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
            {
                RequestItems = new() { [missing] = [new WriteRequest(new PutRequest(item))] },
            }));
        }

        // Requests that fail validation are refused as invalid, never throttled: 26 writes in one call (dynalite's
        // request validation), a duplicate key and an item without its key (checked against the table before metering).
        WriteRequest Put(Dictionary<string, AttributeValue> attributes) => new(new PutRequest(attributes));
        var tooMany = Enumerable.Range(0, 26).Select(i => Put(new() { ["pk"] = new() { S = "k" + i } })).ToList();
        var duplicate = Enumerable.Range(0, 20).Select(i => Put(new() { ["pk"] = new() { S = "k" + (i % 19) } })).ToList();
        var keyless = Enumerable.Range(0, 20).Select(i => Put(new() { [i == 7 ? "other" : "pk"] = new() { S = "k" + i } })).ToList();
        foreach (var (requests, message) in new[] { (tooMany, "length less than or equal to 25"), (duplicate, "duplicates"), (keyless, "does not match the schema") })
        {
            for (var i = 0; i < 5; i++)
            {
                var invalid = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = new() { [table] = requests } }));
                Assert.Equal("ValidationException", invalid.ErrorCode);
                Assert.Contains(message, invalid.Message, StringComparison.Ordinal);
            }
        }

        for (var i = 0; i < 5; i++)
        {
            var keylessPut = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync(table, new() { ["other"] = new() { S = "x" } }));
            Assert.Equal("ValidationException", keylessPut.ErrorCode);
        }

        var stats = (await engine.GetStatsAsync()).GetProperty("tables").GetProperty(table);
        Assert.Equal(0, stats.GetProperty("rejectedItems").GetInt64());
        Assert.Equal(0, stats.GetProperty("writtenItems").GetInt64());
        Assert.Empty(await EngineClient.ScanKeysAsync(client, table));
    }

    [Fact]
    public async Task PutItem_OverBudget_FailsWithProvisionedThroughputExceededException()
    {
        var engine = await engines.GetDynamoDbAsync();
        var (client, table) = await EngineClient.CreateTableAsync(engine, "single", writeUnitsPerSecond: 0, rejectFraction: 0.9);
        using var dispose = client;

        var outcomes = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await client.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "k" + i } });
                outcomes.Add("ok");
            }
            catch (ProvisionedThroughputExceededException e)
            {
                Assert.Equal("ProvisionedThroughputExceededException", e.ErrorCode);
                Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
                outcomes.Add("throttled");
            }
        }

        Assert.Contains("throttled", outcomes);
        Assert.Equal(outcomes.Count(o => o == "ok"), (await EngineClient.ScanKeysAsync(client, table)).Count);
        Assert.Equal(30, await engine.GetCallCountAsync(table, "PutItem")); // SDK retries off: one request per call
    }
}
