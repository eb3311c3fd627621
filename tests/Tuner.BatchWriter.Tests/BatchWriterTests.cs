using Amazon.DynamoDBv2.Model;
using Tuner.BatchWriter.Tests.TestHelpers;

namespace Tuner.BatchWriter.Tests;

public sealed class BatchWriterTests
{
    private const string Table = "events";

    private static readonly BatchWriterOptions Fast = new()
    {
        BatchSize = 25,
        Parallelism = 4,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        RetryDeadline = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task WriteAsync_AllAccepted_WritesEveryItemInCallsOfBatchSize()
    {
        var fake = new FakeDynamoDbHandler();
        var writer = new BatchWriter(fake.CreateClient(), Fast with { BatchSize = 10, Parallelism = 3 }, random: new Random(1));
        var items = Items.Many(95);

        var result = await writer.WriteAsync(Table, items);

        Assert.True(result.AllWritten);
        Assert.Equal(Enumerable.Range(0, 95).Select(i => (long)i), result.WrittenIndexes);
        Assert.Equal(95, fake.Table.Count);
        Assert.Equal(10, fake.Calls);
        Assert.All(fake.BatchSizes, size => Assert.True(size <= 10));
        Assert.Equal(new BatchWriteMetrics(95, 95, 0, 0, 10), result.Metrics);
    }

    [Fact]
    public async Task WriteAsync_HalfUnprocessed_RetriesUntilEveryItemIsWritten()
    {
        var fake = new FakeDynamoDbHandler();
        var coin = new Random(7);
        fake.Unprocessed = (_, _) => { lock (coin) { return coin.NextDouble() < 0.5; } };
        var writer = new BatchWriter(fake.CreateClient(), Fast, random: new Random(1));
        var items = Items.Many(1_000);

        var result = await writer.WriteAsync(Table, items);

        Assert.True(result.AllWritten);
        Assert.Equal(1_000, result.WrittenIndexes.Count);
        Assert.Equal(items.Select(Items.Pk).Order(), fake.Table.Keys.Order());
        Assert.Equal(1_000, result.Metrics.Items);
        Assert.InRange(result.Metrics.Retries, 700, 1_400); // ≈ one re-send per written item at 50 %
        Assert.True(result.Metrics.Throttles > 0);
        Assert.Equal(fake.Calls, result.Metrics.Calls);
        Assert.Equal(1_000, result.Metrics.ConsumedWriteUnits);
    }

    [Fact]
    public async Task WriteAsync_UnprocessedAttributesReordered_StillMatchesItems()
    {
        var fake = new FakeDynamoDbHandler { ShuffleUnprocessedAttributes = true };
        fake.Unprocessed = (call, pk) => call == 1 && pk.EndsWith('3');
        var writer = new BatchWriter(fake.CreateClient(), Fast with { Parallelism = 1 }, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(25));

        Assert.True(result.AllWritten);
        Assert.Equal(2, fake.Calls);
        Assert.Equal(3, result.Metrics.Retries); // item-000003, -13, -23 re-sent once
        Assert.Equal(1, result.Metrics.Throttles);
    }

    [Fact]
    public async Task WriteAsync_UnprocessedItemsThatMatchNoInput_ResendsTheWholeBatchAndLosesNothing()
    {
        var fake = new FakeDynamoDbHandler { RewriteUnprocessedNumbers = true };
        fake.Unprocessed = (call, pk) => call == 1 && pk == "item-000004";
        var writer = new BatchWriter(fake.CreateClient(), Fast with { BatchSize = 10, Parallelism = 1 }, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(10));

        Assert.True(result.AllWritten);
        Assert.Equal(10, fake.Table.Count);
        Assert.Equal(2, fake.Calls);
        Assert.Equal(10, result.Metrics.Retries); // puts are idempotent: the whole batch goes again rather than guess
    }

    [Fact]
    public async Task WriteAsync_ServerError_ResendsTheBatchAndCountsATransientErrorNotAThrottle()
    {
        var fake = new FakeDynamoDbHandler { ServerError = call => call == 1 };
        var writer = new BatchWriter(fake.CreateClient(), Fast with { Parallelism = 1 }, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(25));

        Assert.True(result.AllWritten);
        Assert.Equal(2, fake.Calls);
        Assert.Equal(new BatchWriteMetrics(25, 25, 25, 0, 2, TransientErrors: 1), result.Metrics);
    }

    [Fact]
    public async Task WriteAsync_ThrottlingException_RetriesTheWholeBatchAndCountsThrottles()
    {
        var fake = new FakeDynamoDbHandler { Throttle = call => call <= 3 };
        var writer = new BatchWriter(fake.CreateClient(), Fast with { Parallelism = 1 }, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(25));

        Assert.True(result.AllWritten);
        Assert.Equal(4, fake.Calls); // the SDK did not retry on its own: every call is one request
        Assert.Equal(new BatchWriteMetrics(25, 25, 75, 3, 4), result.Metrics);
    }

    [Fact]
    public async Task WriteAsync_AlwaysUnprocessed_ReturnsEveryItemAfterTheDeadline()
    {
        var fake = new FakeDynamoDbHandler { Unprocessed = (_, pk) => pk != "item-000000" };
        var options = Fast with { Parallelism = 2, RetryDeadline = TimeSpan.FromMilliseconds(150) };
        var writer = new BatchWriter(fake.CreateClient(), options, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(30));

        Assert.False(result.AllWritten);
        Assert.Equal([0L], result.WrittenIndexes);
        Assert.Equal(Enumerable.Range(1, 29).Select(i => (long)i), result.NotWritten.Select(i => i.Index));
        Assert.All(result.NotWritten, item =>
        {
            Assert.Equal(WriteFailureReason.RetryDeadlineExceeded, item.Reason);
            Assert.True(item.Attempts > 1);
            Assert.Equal("returned in UnprocessedItems", item.LastError);
        });
        var error = Assert.Throws<BatchWriteIncompleteException>(() => result.EnsureAllWritten());
        Assert.Contains("29 item(s) not written (29 RetryDeadlineExceeded), 1 written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ItemOver400KB_ThrowsBeforeAnyCall()
    {
        var fake = new FakeDynamoDbHandler();
        var writer = new BatchWriter(fake.CreateClient(), Fast);
        var items = Items.Many(10);
        items[7] = Items.One(7, paddingBytes: 401 * 1024);

        var error = await Assert.ThrowsAsync<ItemTooLargeException>(() => writer.WriteAsync(Table, items));

        Assert.Equal(0, fake.Calls);
        var (index, size) = Assert.Single(error.Items);
        Assert.Equal(7, index);
        Assert.True(size > ItemSize.MaxItemBytes);
        Assert.Contains("items[7]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_StreamWithOversizedItem_ReportsItTooLargeAndNeverSendsIt()
    {
        var fake = new FakeDynamoDbHandler();
        var writer = new BatchWriter(fake.CreateClient(), Fast with { Parallelism = 1 });
        var items = Items.Many(5);
        items[2] = Items.One(2, paddingBytes: 401 * 1024);

        var result = await writer.WriteAsync(Table, items.ToAsyncEnumerable());

        var tooLarge = Assert.Single(result.NotWritten);
        Assert.Equal((2L, WriteFailureReason.TooLarge, 0), (tooLarge.Index, tooLarge.Reason, tooLarge.Attempts));
        Assert.Equal([0L, 1, 3, 4], result.WrittenIndexes);
        Assert.DoesNotContain("item-000002", fake.Table.Keys);
    }

    [Fact]
    public async Task WriteAsync_ValidationError_ReportsTheBatchRejectedWithTheMessage()
    {
        var fake = new FakeDynamoDbHandler { Invalid = call => call == 1 };
        var writer = new BatchWriter(fake.CreateClient(), Fast with { BatchSize = 5, Parallelism = 1 });

        var result = await writer.WriteAsync(Table, Items.Many(10));

        Assert.Equal([5L, 6, 7, 8, 9], result.WrittenIndexes);
        Assert.Equal(5, result.NotWritten.Count);
        Assert.All(result.NotWritten, i =>
        {
            Assert.Equal(WriteFailureReason.Rejected, i.Reason);
            Assert.StartsWith("ValidationException: One or more parameter values were invalid", i.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WriteAsync_Parallelism_BoundsCallsInFlight()
    {
        var fake = new FakeDynamoDbHandler { Latency = TimeSpan.FromMilliseconds(30) };
        var writer = new BatchWriter(fake.CreateClient(), Fast with { BatchSize = 5, Parallelism = 3 });

        var result = await writer.WriteAsync(Table, Items.Many(60));

        Assert.True(result.AllWritten);
        Assert.Equal(12, fake.Calls);
        Assert.Equal(3, fake.MaxInFlight);
    }

    [Fact]
    public async Task WriteAsync_CancelledMidWrite_ReportsExactlyWhatWasWritten()
    {
        using var cancellation = new CancellationTokenSource();
        var fake = new FakeDynamoDbHandler { Latency = TimeSpan.FromMilliseconds(5) };
        fake.Unprocessed = (call, pk) => pk.EndsWith('7');
        fake.AfterCall = call =>
        {
            if (call == 2)
            {
                cancellation.Cancel();
            }
        };
        var writer = new BatchWriter(fake.CreateClient(), Fast with { BatchSize = 10, Parallelism = 2, BaseDelay = TimeSpan.FromSeconds(5), MaxDelay = TimeSpan.FromSeconds(5) });
        var items = Items.Many(200);

        var result = await writer.WriteAsync(Table, items, cancellation.Token);

        Assert.True(result.Cancelled);
        var written = result.WrittenIndexes.Select(i => Items.Pk(items[(int)i])).Order().ToList();
        Assert.Equal(fake.Table.Keys.Order(), written);
        Assert.Equal(200, result.WrittenIndexes.Count + result.NotWritten.Count);
        Assert.Empty(result.WrittenIndexes.Intersect(result.NotWritten.Select(i => i.Index)));
        Assert.All(result.NotWritten, i => Assert.Equal(WriteFailureReason.Cancelled, i.Reason));
        Assert.Equal(2, fake.Calls); // both calls in flight finished; none started after cancelling
        Assert.Equal(18, result.WrittenIndexes.Count); // two batches of 10, item-…7 of each came back unprocessed
        Assert.Equal(2, result.NotWritten.Count(i => i.Attempts == 1));
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(4), "cancellation interrupts the backoff wait");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        var fake = new FakeDynamoDbHandler();

        var error = Assert.Throws<InvalidBatchWriterOptionsException>(
            () => new BatchWriter(fake.CreateClient(), new BatchWriterOptions { BatchSize = 26, Parallelism = 0 }));

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("BatchSize: 26 is outside 1–25", error.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Parallelism: 0 is outside", error.Errors[1], StringComparison.Ordinal);
    }
}
