using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Tuner.BatchWriter;

/// <summary>One WriteAsync call's shared state: the source, the workers, the outcome so far.</summary>
internal sealed class BatchWriteRun(BatchWriter writer, string tableName, ItemSource source, CancellationToken cancellation)
{
    private readonly Lock _gate = new();
    private readonly HashSet<long> _written = []; // a set: an index confirmed twice (a whole batch re-sent) counts once
    private readonly List<UnwrittenItem> _notWritten = [];
    private readonly long _started = writer.Time.GetTimestamp();
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
                written, _notWritten.ToArray(), metrics, cancellation.IsCancellationRequested, writer.Time.GetElapsedTime(_started))
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
                    await Task.Delay(writer.Backoff.Delay(retry), writer.Time, cancellation);
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
        var now = writer.Time.GetTimestamp();
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
            response = await writer.Client.BatchWriteItemAsync(request, CancellationToken.None);
        }
        catch (AmazonServiceException e) when (DynamoDbErrors.IsThrottling(e))
        {
            Interlocked.Increment(ref _throttles);
            return Remember(batch, $"{e.ErrorCode}: {e.Message}");
        }
        catch (Exception e) when (DynamoDbErrors.IsTransient(e))
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
        var overdue = batch.Where(i => i.Attempts > 0 && writer.Time.GetElapsedTime(i.FirstAttemptTimestamp) > Options.RetryDeadline).ToList();
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
