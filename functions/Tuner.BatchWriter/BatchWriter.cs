using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tuner.Core.Resilience;

namespace Tuner.BatchWriter;

/// <summary>
/// Writes items to one DynamoDB table with BatchWriteItem: <see cref="BatchWriterOptions.BatchSize"/> items per
/// call, <see cref="BatchWriterOptions.Parallelism"/> calls in flight, at most 16 MB per call. Nothing is lost:
/// UnprocessedItems and throttling errors are retried with exponential backoff and full jitter until each item's
/// <see cref="BatchWriterOptions.RetryDeadline"/>; whatever still is not written comes back item by item in
/// <see cref="BatchWriteResult.NotWritten"/>. Cancellation stops new calls and backoff waits at once, lets the
/// calls already in flight finish (so their outcome is known), and reports exactly which items were written.
/// </summary>
/// <remarks>
/// Each worker keeps the items a call left unprocessed and tops the next call up with fresh items, so calls stay
/// full; before re-sending, it waits the backoff of the most-retried item in the batch. Give it a client built by
/// <see cref="BatchWriterClient"/> (SDK retries off) so that calls, retries and throttles are counted here.
/// </remarks>
public sealed class BatchWriter
{

    /// <summary>Creates a writer. <paramref name="random"/> drives the backoff jitter (seed it in tests).</summary>
    /// <exception cref="InvalidBatchWriterOptionsException">The options are invalid.</exception>
    public BatchWriter(IAmazonDynamoDB client, BatchWriterOptions options, TimeProvider? timeProvider = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidBatchWriterOptionsException(errors);
        }

        Client = client;
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        Backoff = new RetryBackoff(options.BaseDelay, options.MaxDelay, random ?? new Random());
    }

    /// <summary>The options this writer uses.</summary>
    public BatchWriterOptions Options { get; }

    internal IAmazonDynamoDB Client { get; }

    internal TimeProvider Time { get; }

    internal RetryBackoff Backoff { get; }

    /// <summary>
    /// Writes a list of items. Every item's size is checked first: if any exceeds 400 KB the call throws
    /// <see cref="ItemTooLargeException"/> before any request is made. The result covers every position of the list.
    /// </summary>
    public async Task<BatchWriteResult> WriteAsync(
        string tableName,
        IReadOnlyList<Dictionary<string, AttributeValue>> items,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(items);
        var sizes = new int[items.Count];
        var oversized = new List<(long Index, int SizeBytes)>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new ArgumentException($"items[{i}] is null", nameof(items));
            sizes[i] = ItemSize.Of(item);
            if (sizes[i] > ItemSize.MaxItemBytes)
            {
                oversized.Add((i, sizes[i]));
            }
        }

        if (oversized.Count > 0)
        {
            throw new ItemTooLargeException(oversized);
        }

        using var source = ItemSource.From(items, sizes);
        var run = new BatchWriteRun(this, tableName, source, cancellationToken);
        await run.ExecuteAsync();
        return run.ToResult(items);
    }

    /// <summary>
    /// Writes a stream of items, reading it as batches are filled. An item over 400 KB is never sent and comes back
    /// as <see cref="WriteFailureReason.TooLarge"/>; items not yet read when cancellation is requested are left unread.
    /// </summary>
    public async Task<BatchWriteResult> WriteAsync(
        string tableName,
        IAsyncEnumerable<Dictionary<string, AttributeValue>> items,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(items);
        var enumerator = items.GetAsyncEnumerator(CancellationToken.None);
        await using (enumerator.ConfigureAwait(false))
        {
            using var source = ItemSource.From(enumerator);
            var run = new BatchWriteRun(this, tableName, source, cancellationToken);
            await run.ExecuteAsync();
            return run.ToResult(listInput: null);
        }
    }
}
