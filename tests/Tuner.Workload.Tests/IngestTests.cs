using System.Text;
using System.Text.Json;
using Tuner.BatchWriter;
using Tuner.BatchWriter.Tests.TestHelpers;

namespace Tuner.Workload.Tests;

public sealed class IngestTests
{
    private static readonly BatchWriterOptions Writer = new()
    {
        BatchSize = 25,
        Parallelism = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        RetryDeadline = TimeSpan.FromSeconds(5),
    };

    private static Ingest Create(FakeDynamoDbHandler fake, BatchWriterOptions? writer = null, int workFactor = 10) =>
        new(fake.CreateClient(), new IngestSettings("events", workFactor), writer ?? Writer, TimeProvider.System, new Random(1));

    private static async Task<JsonElement> InvokeAsync(Ingest ingest, string request)
    {
        await using var output = await ingest.Handle(new MemoryStream(Encoding.UTF8.GetBytes(request)));
        using var document = await JsonDocument.ParseAsync(output);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task Handle_Generate_WritesEveryEventAndReturnsTunerMetrics()
    {
        var fake = new FakeDynamoDbHandler();

        var response = await InvokeAsync(Create(fake), """{"generate":{"count":120,"seed":7}}""");

        var metrics = response.GetProperty("tunerMetrics");
        Assert.Equal(120, metrics.GetProperty("items").GetInt32());
        Assert.Equal(120, metrics.GetProperty("consumedWriteUnits").GetDouble());
        Assert.Equal(0, metrics.GetProperty("retries").GetInt32());
        Assert.Equal(0, metrics.GetProperty("throttles").GetInt32());
        Assert.Equal(5, metrics.GetProperty("calls").GetInt32()); // ceil(120 / 25)
        Assert.Equal(120, response.GetProperty("received").GetInt32());
        Assert.Equal(0, response.GetProperty("invalid").GetInt32());
        Assert.Equal(120, fake.Table.Count);
        Assert.Contains("evt-7-0000119", fake.Table.Keys);
    }

    [Fact]
    public async Task Handle_Generate_StoresTheEnrichedEvent()
    {
        var fake = new FakeDynamoDbHandler();

        await InvokeAsync(Create(fake), """{"generate":{"count":1,"seed":3}}""");

        var item = Assert.Single(fake.Table.Values);
        foreach (var attribute in new[] { "pk", "type", "userKey", "ts", "day", "hour", "shard", "contentHash", "checksum", "payload", "ingestedAt" })
        {
            Assert.True(item.ContainsKey(attribute), attribute);
        }

        Assert.Matches("^[0-9a-f]{64}$", item["contentHash"]!["S"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{32}$", item["userKey"]!["S"]!.GetValue<string>());
        Assert.DoesNotContain("user-", item.ToJsonString(), StringComparison.Ordinal); // raw user ids never stored
    }

    [Fact]
    public async Task Handle_SameSeed_WritesTheSameEvents()
    {
        var first = new FakeDynamoDbHandler();
        var second = new FakeDynamoDbHandler();

        await InvokeAsync(Create(first), """{"generate":{"count":30,"seed":11}}""");
        await InvokeAsync(Create(second), """{"generate":{"count":30,"seed":11}}""");

        Assert.Equal(
            first.Table.OrderBy(kv => kv.Key).Select(kv => kv.Value["contentHash"]!.ToJsonString()),
            second.Table.OrderBy(kv => kv.Key).Select(kv => kv.Value["contentHash"]!.ToJsonString()));
    }

    [Fact]
    public async Task Handle_Events_WritesValidOnesAndReportsInvalidOnes()
    {
        var fake = new FakeDynamoDbHandler();
        const string request = """
            {"events":[
              {"id":"a","type":"click","userId":"u1","timestamp":"2026-03-01T10:00:00Z","payload":{"page":"/"}},
              {"id":"b","type":"purchase","userId":"u2","timestamp":"2026-03-01T11:00:00Z","amount":12.34},
              {"id":"c","type":"teleport","userId":"u3","timestamp":"yesterday"},
              {"id":"d","type":"refund","userId":"u4","timestamp":"2026-03-01T12:00:00Z"}
            ]}
            """;

        var response = await InvokeAsync(Create(fake), request);

        Assert.Equal(2, response.GetProperty("tunerMetrics").GetProperty("items").GetInt32());
        Assert.Equal(2, response.GetProperty("invalid").GetInt32());
        var errors = response.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("c: type: 'teleport' is not one of", errors[0], StringComparison.Ordinal);
        Assert.Contains("timestamp: 'yesterday' is not an ISO-8601 date-time", errors[0], StringComparison.Ordinal);
        Assert.Equal("d: amount: required for refund", errors[1]);
        Assert.Equal(["a", "b"], fake.Table.Keys.Order());
        Assert.Equal("1234", fake.Table["b"]["amountCents"]!["N"]!.GetValue<string>());
    }

    [Fact]
    public async Task Handle_BatchSizeOne_MakesOneCallPerItem()
    {
        var fake = new FakeDynamoDbHandler();

        var response = await InvokeAsync(Create(fake, Writer with { BatchSize = 1, Parallelism = 2 }), """{"generate":{"count":40,"seed":1}}""");

        Assert.Equal(40, response.GetProperty("tunerMetrics").GetProperty("calls").GetInt32());
        Assert.Equal(40, fake.Calls);
        Assert.Equal(1, response.GetProperty("batchSize").GetInt32());
    }

    [Fact]
    public async Task Handle_Throttled_RetriesAndReportsThrottles()
    {
        var fake = new FakeDynamoDbHandler { Throttle = call => call % 3 == 1 };

        var response = await InvokeAsync(Create(fake), """{"generate":{"count":100,"seed":2}}""");

        var metrics = response.GetProperty("tunerMetrics");
        Assert.Equal(100, metrics.GetProperty("items").GetInt32());
        Assert.True(metrics.GetProperty("throttles").GetInt32() > 0);
        Assert.True(metrics.GetProperty("retries").GetInt32() > 0);
        Assert.Equal(100, fake.Table.Count);
    }

    [Fact]
    public async Task Handle_ItemsCannotBeWritten_FailsTheInvocation()
    {
        var fake = new FakeDynamoDbHandler { Invalid = _ => true };

        var error = await Assert.ThrowsAsync<BatchWriteIncompleteException>(
            () => InvokeAsync(Create(fake), """{"generate":{"count":30,"seed":2}}"""));

        Assert.Equal(30, error.Result!.NotWritten.Count);
        Assert.Contains("30 item(s) not written (30 Rejected)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "the request is not JSON")]
    [InlineData("""{"something":1}""", "expected {\"events\"")]
    [InlineData("""{"generate":{"count":0}}""", "generate.count: 0 is outside 1–100000")]
    [InlineData("""{"generate":{"seed":1}}""", "generate.count: required")]
    [InlineData("""{"generate":{"count":"ten"}}""", "generate.count: \"ten\" is not an integer")]
    public async Task Handle_UnusableRequest_ThrowsIngestRequestException(string request, string expected)
    {
        var fake = new FakeDynamoDbHandler();

        var error = await Assert.ThrowsAsync<IngestRequestException>(() => InvokeAsync(Create(fake), request));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }
}
