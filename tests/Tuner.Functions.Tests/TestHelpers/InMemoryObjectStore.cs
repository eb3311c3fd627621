using System.Collections.Concurrent;
using System.Globalization;
using Tuner.Core.Ports;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>
/// An <see cref="IObjectStore"/> in a dictionary, with the keys written in order. Conditional writes behave as S3's:
/// every write gives the object a new ETag, and a check and the write it guards happen under one lock.
/// </summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);
    private long _nextETag;

    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Writes { get; } = new();

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Write(key, content);
        }

        return Task.CompletedTask;
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Objects.TryGetValue(key, out var value) ? value : null);

    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var key in Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            yield return key;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Objects.TryRemove(key, out _);
            _etags.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<StoredObject?> GetWithETagAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(Objects.TryGetValue(key, out var value) ? new StoredObject(value, ETagOf(key)) : null);
        }
    }

    public Task<ConditionalWriteResult> PutIfAsync(string key, ReadOnlyMemory<byte> content, string contentType, WriteCondition condition, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var refused = Refused(key, condition.IfMatch);
            return Task.FromResult(refused ?? new ConditionalWriteResult(ConditionalWriteOutcome.Written, Write(key, content)));
        }
    }

    public Task<ConditionalWriteResult> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (Refused(key, etag) is { } refused)
            {
                return Task.FromResult(refused);
            }

            Objects.TryRemove(key, out _);
            _etags.Remove(key);
            return Task.FromResult(new ConditionalWriteResult(ConditionalWriteOutcome.Written));
        }
    }

    private ConditionalWriteResult? Refused(string key, string? ifMatch)
    {
        var exists = Objects.ContainsKey(key);
        var current = exists ? ETagOf(key) : null;
        return ifMatch switch
        {
            null when exists => new ConditionalWriteResult(ConditionalWriteOutcome.PreconditionFailed),
            null => null,
            _ when !exists => new ConditionalWriteResult(ConditionalWriteOutcome.Missing),
            _ when current != ifMatch => new ConditionalWriteResult(ConditionalWriteOutcome.PreconditionFailed),
            _ => null,
        };
    }

    // Objects a test put into the dictionary directly get an ETag when first asked for one.
    private string ETagOf(string key)
    {
        if (!_etags.TryGetValue(key, out var etag))
        {
            etag = NewETag();
            _etags[key] = etag;
        }

        return etag;
    }

    private string NewETag() => "\"" + (++_nextETag).ToString("x8", CultureInfo.InvariantCulture) + "\"";

    private string Write(string key, ReadOnlyMemory<byte> content)
    {
        var etag = NewETag();
        Objects[key] = content.ToArray();
        _etags[key] = etag;
        Writes.Enqueue(key);
        return etag;
    }
}
