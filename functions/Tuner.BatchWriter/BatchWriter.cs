using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
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
    private readonly IAmazonDynamoDB _client;
    private readonly TimeProvider _time;
    private readonly RetryBackoff _backoff;

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

        _client = client;
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _backoff = new RetryBackoff(options.BaseDelay, options.MaxDelay, random ?? new Random());
    }

    /// <summary>The options this writer uses.</summary>
    public BatchWriterOptions Options { get; }

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
        var run = new Run(this, tableName, source, cancellationToken);
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
            var run = new Run(this, tableName, source, cancellationToken);
            await run.ExecuteAsync();
            return run.ToResult(listInput: null);
        }
    }

    private static bool IsThrottling(AmazonServiceException e) =>
        TransientErrors.IsThrottling(e.ErrorCode, (int)e.StatusCode)
        || e is ProvisionedThroughputExceededException or RequestLimitExceededException or ThrottlingException;

    private static bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException service => TransientErrors.IsServerError(service.ErrorCode, (int)service.StatusCode)
            || service.StatusCode == 0 && service.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true, // the client's own timeout: the token the writer passes is never cancelled
        _ => false,
    };

    /// <summary>One WriteAsync call's shared state: the source, the workers, the outcome so far.</summary>
    private sealed class Run(BatchWriter writer, string tableName, ItemSource source, CancellationToken cancellation)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<long> _written = []; // a set: an index confirmed twice (a whole batch re-sent) counts once
        private readonly List<UnwrittenItem> _notWritten = [];
        private readonly long _started = writer._time.GetTimestamp();
        private double _consumed;
        private long _retries;
        private long _throttles;
        private long _calls;
        private long _transientErrors;
        private string? _fault;

        private BatchWriterOptions Options => writer.Options;

        public async Task ExecuteAsync()
        {
            var workers = new Task[Options.Parallelism];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Run(WorkAsync, CancellationToken.None);
            }

            await Task.WhenAll(workers);
        }

        /// <param name="listInput">The items when they were given as a list (null for a stream).</param>
        public BatchWriteResult ToResult(IReadOnlyList<Dictionary<string, AttributeValue>>? listInput)
        {
            lock (_gate)
            {
                var written = _written.Order().ToArray();
                if (listInput is not null && _written.Count + _notWritten.Count < listInput.Count)
                {
                    // List input and cancelled: the positions no worker took are reported too, never sent.
                    var seen = new HashSet<long>(_written);
                    seen.UnionWith(_notWritten.Select(i => i.Index));
                    for (var i = 0; i < listInput.Count; i++)
                    {
                        if (!seen.Contains(i))
                        {
                            _notWritten.Add(new UnwrittenItem(i, listInput[i], _fault is null ? WriteFailureReason.Cancelled : WriteFailureReason.Faulted, 0, _fault));
                        }
                    }
                }

                _notWritten.Sort((a, b) => a.Index.CompareTo(b.Index));
                var metrics = new BatchWriteMetrics(written.Length, _consumed, _retries, _throttles, _calls, _transientErrors);
                return new BatchWriteResult(
                    written, _notWritten.ToArray(), metrics, cancellation.IsCancellationRequested, writer._time.GetElapsedTime(_started))
                {
                    Fault = _fault,
                };
            }
        }

        /// <summary>
        /// One worker. Whatever fails inside it (a faulting input stream, a bug) is reported on the items it holds, never
        /// thrown: the result must account for every item.
        /// </summary>
        private async Task WorkAsync()
        {
            var held = new Held(new List<PendingItem>(Options.BatchSize), null);
            try
            {
                await WorkAsync(held);
            }
            catch (Exception e)
            {
                var message = $"{e.GetType().Name}: {e.Message}";
                lock (_gate)
                {
                    _fault ??= message;
                }

                Fail(held.Carry is null ? held.Batch : [.. held.Batch, held.Carry], WriteFailureReason.Faulted, message);
            }
        }

        private async Task WorkAsync(Held held)
        {
            var batch = held.Batch;
            PendingItem? carry = null;
            while (true)
            {
                held.Batch = batch;
                held.Carry = carry;
                if (batch.Count > 0)
                {
                    var retry = batch.Max(i => i.Attempts);
                    try
                    {
                        await Task.Delay(writer._backoff.Delay(retry), writer._time, cancellation);
                    }
                    catch (OperationCanceledException)
                    {
                        // Cancelled while waiting to re-send: these items' last attempt came back unprocessed.
                    }

                    ExpireOverdue(batch);
                }

                if (cancellation.IsCancellationRequested)
                {
                    Fail(batch, WriteFailureReason.Cancelled, null);
                    Fail(carry is null ? [] : [carry], WriteFailureReason.Cancelled, null);
                    return;
                }


                var bytes = batch.Sum(i => i.Size);
                while (batch.Count < Options.BatchSize)
                {
                    var next = carry ?? await source.NextAsync(CancellationToken.None);
                    carry = null;
                    held.Carry = null;
                    if (next is null)
                    {
                        break;
                    }

                    if (next.Size > ItemSize.MaxItemBytes)
                    {
                        Fail([next], WriteFailureReason.TooLarge, $"item is {next.Size} bytes, above DynamoDB's limit of {ItemSize.MaxItemBytes}");
                        continue;
                    }

                    if (bytes + next.Size > ItemSize.MaxRequestBytes)
                    {
                        carry = next;
                        break;
                    }

                    batch.Add(next);
                    held.Batch = batch;
                    bytes += next.Size;
                    if (cancellation.IsCancellationRequested)
                    {
                        break;
                    }
                }

                if (batch.Count == 0)
                {
                    return;
                }

                if (cancellation.IsCancellationRequested)
                {
                    continue; // reports the batch (and any carry) as cancelled at the top of the loop
                }

                batch = await SendAsync(batch);
            }
        }

        /// <summary>Sends one batch; returns the items to send again (unprocessed or throttled).</summary>
        private async Task<List<PendingItem>> SendAsync(List<PendingItem> batch)
        {
            var now = writer._time.GetTimestamp();
            var resends = 0;
            foreach (var item in batch)
            {
                if (item.Attempts == 0)
                {
                    item.FirstAttemptTimestamp = now;
                }
                else
                {
                    resends++;
                }

                item.Attempts++;
            }

            var request = new BatchWriteItemRequest
            {
                RequestItems = new Dictionary<string, List<WriteRequest>>
                {
                    [tableName] = batch.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = i.Item } }).ToList(),
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            };

            BatchWriteItemResponse response;
            try
            {
                Interlocked.Increment(ref _calls);
                Interlocked.Add(ref _retries, resends);

                // In-flight calls are not cancelled: their outcome must be known to report what was written.
                response = await writer._client.BatchWriteItemAsync(request, CancellationToken.None);
            }
            catch (AmazonServiceException e) when (IsThrottling(e))
            {
                Interlocked.Increment(ref _throttles);
                return Remember(batch, $"{e.ErrorCode}: {e.Message}");
            }
            catch (Exception e) when (IsTransient(e))
            {
                Interlocked.Increment(ref _transientErrors);
                return Remember(batch, $"{e.GetType().Name}: {e.Message}");
            }
            catch (AmazonServiceException e)
            {
                // Not retryable (validation, missing table, access denied…): the whole call was refused.
                Fail(batch, WriteFailureReason.Rejected, $"{e.ErrorCode}: {e.Message}");
                return [];
            }
            catch (AmazonClientException e)
            {
                // The SDK failed before DynamoDB answered (e.g. credentials could not be refreshed): nothing was written.
                Fail(batch, WriteFailureReason.ClientError, $"{e.GetType().Name}: {e.Message}");
                return [];
            }

            var unprocessed = Unprocessed(batch, response);
            if (unprocessed.Count > 0)
            {
                Interlocked.Increment(ref _throttles);
            }

            var consumed = response.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0) ?? 0;
            lock (_gate)
            {
                _consumed += consumed;
                foreach (var item in batch)
                {
                    if (!unprocessed.Contains(item))
                    {
                        _written.Add(item.Index);
                    }
                }
            }

            return Remember(unprocessed, "returned in UnprocessedItems");
        }

        /// <summary>Matches UnprocessedItems back to the batch's items (by canonical content).</summary>
        private List<PendingItem> Unprocessed(List<PendingItem> batch, BatchWriteItemResponse response)
        {
            List<WriteRequest>? returned = null;
            if (response.UnprocessedItems is not { Count: > 0 } all || !all.TryGetValue(tableName, out returned) || returned.Count == 0)
            {
                return [];
            }

            var byFingerprint = new Dictionary<string, Queue<PendingItem>>(StringComparer.Ordinal);
            foreach (var item in batch)
            {
                var key = ItemFingerprint.Of(item.Item);
                if (!byFingerprint.TryGetValue(key, out var queue))
                {
                    byFingerprint[key] = queue = new Queue<PendingItem>();
                }

                queue.Enqueue(item);
            }

            var unprocessed = new List<PendingItem>(returned.Count);
            foreach (var write in returned)
            {
                if (write.PutRequest?.Item is not { } item
                    || !byFingerprint.TryGetValue(ItemFingerprint.Of(item), out var queue)
                    || !queue.TryDequeue(out var match))
                {
                    // Cannot tell which input item this is: re-send the whole batch (puts are idempotent).
                    return batch;
                }

                unprocessed.Add(match);
            }

            return unprocessed;
        }

        /// <summary>The items a worker holds (its batch and the item carried over to the next one), for its fault handler.</summary>
        private sealed class Held(List<PendingItem> batch, PendingItem? carry)
        {
            public List<PendingItem> Batch { get; set; } = batch;

            public PendingItem? Carry { get; set; } = carry;
        }

        private static List<PendingItem> Remember(List<PendingItem> items, string error)
        {
            foreach (var item in items)
            {
                item.LastError = error;
            }

            return items;
        }

        private void ExpireOverdue(List<PendingItem> batch)
        {
            var overdue = batch.Where(i => i.Attempts > 0 && writer._time.GetElapsedTime(i.FirstAttemptTimestamp) > Options.RetryDeadline).ToList();
            if (overdue.Count == 0)
            {
                return;
            }

            Fail(overdue, WriteFailureReason.RetryDeadlineExceeded, null);
            batch.RemoveAll(overdue.Contains);
        }

        private void Fail(List<PendingItem> items, WriteFailureReason reason, string? error)
        {
            if (items.Count == 0)
            {
                return;
            }

            lock (_gate)
            {
                foreach (var item in items)
                {
                    _notWritten.Add(new UnwrittenItem(item.Index, item.Item, reason, item.Attempts, error ?? item.LastError));
                }
            }
        }
    }
}
