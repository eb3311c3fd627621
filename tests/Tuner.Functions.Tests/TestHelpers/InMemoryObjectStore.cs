using System.Collections.Concurrent;
using Tuner.Core.Ports;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>An <see cref="IObjectStore"/> in a dictionary, with the keys written in order.</summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Writes { get; } = new();

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        Objects[key] = content.ToArray();
        Writes.Enqueue(key);
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
        Objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
