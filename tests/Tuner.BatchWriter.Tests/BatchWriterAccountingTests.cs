using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using Tuner.BatchWriter.Tests.TestHelpers;

namespace Tuner.BatchWriter.Tests;

/// <summary>Every way a write can go wrong still returns the full accounting: each item written or not, and why.</summary>
public sealed class BatchWriterAccountingTests
{
    private const string Table = "events";

    private static readonly BatchWriterOptions OneWorker = new()
    {
        BatchSize = 25,
        Parallelism = 1,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        RetryDeadline = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task WriteAsync_CredentialRefreshFails_ReturnsWrittenAndUnwrittenInsteadOfThrowing()
    {
        var credentials = new FailingCredentials();
        var fake = new FakeDynamoDbHandler { AfterCall = _ => credentials.Failing = true };
        var writer = new BatchWriter(fake.CreateClient(credentials), OneWorker, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(60));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), result.WrittenIndexes);
        Assert.Equal(Enumerable.Range(25, 35).Select(i => (long)i), result.NotWritten.Select(i => i.Index));
        Assert.All(result.NotWritten, i => Assert.Equal(WriteFailureReason.ClientError, i.Reason));
        Assert.Contains("could not be refreshed", result.NotWritten[0].LastError, StringComparison.Ordinal);
        Assert.Equal(25, fake.Table.Count);
        Assert.Equal(25, result.Metrics.Items);
    }

    [Fact]
    public async Task WriteAsync_InputStreamThrows_ReportsItsHeldItemsFaultedAndKeepsWhatWasWritten()
    {
        var fake = new FakeDynamoDbHandler();
        var writer = new BatchWriter(fake.CreateClient(), OneWorker, random: new Random(1));

        var result = await writer.WriteAsync(Table, FailingAfter(30, new InvalidOperationException("the queue consumer lost its connection")));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), result.WrittenIndexes);
        Assert.Equal(Enumerable.Range(25, 5).Select(i => (long)i), result.NotWritten.Select(i => i.Index));
        Assert.All(result.NotWritten, i => Assert.Equal(WriteFailureReason.Faulted, i.Reason));
        Assert.Equal("InvalidOperationException: the queue consumer lost its connection", result.Fault);
        Assert.False(result.AllWritten);
    }

    [Fact]
    public async Task WriteAsync_InputStreamCancelledByItsOwnToken_ReportsTheFaultNotAnException()
    {
        var fake = new FakeDynamoDbHandler();
        var writer = new BatchWriter(fake.CreateClient(), OneWorker, random: new Random(1));

        var result = await writer.WriteAsync(Table, FailingAfter(10, new OperationCanceledException("the producer was stopped")));

        Assert.Empty(result.WrittenIndexes);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), result.NotWritten.Select(i => i.Index));
        Assert.All(result.NotWritten, i => Assert.Equal(WriteFailureReason.Faulted, i.Reason));
        Assert.StartsWith("OperationCanceledException", result.Fault, StringComparison.Ordinal);
        Assert.Equal(0, fake.Calls);
    }

    [Fact]
    public async Task WriteAsync_WholeBatchResentAfterUnmatchedUnprocessedItems_CountsEachItemWrittenOnce()
    {
        var fake = new FakeDynamoDbHandler { RewriteUnprocessedNumbers = true };
        fake.Unprocessed = (call, pk) => call <= 2 && pk == "item-000004";
        var writer = new BatchWriter(fake.CreateClient(), OneWorker with { BatchSize = 10 }, random: new Random(1));

        var result = await writer.WriteAsync(Table, Items.Many(10));

        Assert.Equal(3, fake.Calls);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), result.WrittenIndexes);
        Assert.Equal(10, result.Metrics.Items);
        Assert.Empty(result.NotWritten);
    }

    private static async IAsyncEnumerable<Dictionary<string, AttributeValue>> FailingAfter(int count, Exception failure, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in Items.Many(count))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.Yield();
        throw failure;
    }
}
