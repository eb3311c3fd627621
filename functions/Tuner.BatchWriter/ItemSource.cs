using Amazon.DynamoDBv2.Model;

namespace Tuner.BatchWriter;

/// <summary>Hands input items to the writer's workers one at a time (thread-safe).</summary>
internal abstract class ItemSource : IDisposable
{
    /// <summary>The next item, or null when the input is exhausted.</summary>
    public abstract ValueTask<PendingItem?> NextAsync(CancellationToken cancellationToken);

    public virtual void Dispose()
    {
    }

    public static ItemSource From(IReadOnlyList<Dictionary<string, AttributeValue>> items, int[] sizes) => new ListSource(items, sizes);

    public static ItemSource From(IAsyncEnumerator<Dictionary<string, AttributeValue>> items) => new StreamSource(items);

    private sealed class ListSource(IReadOnlyList<Dictionary<string, AttributeValue>> items, int[] sizes) : ItemSource
    {
        private long _next = -1;

        public override ValueTask<PendingItem?> NextAsync(CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _next);
            return ValueTask.FromResult(index < items.Count ? new PendingItem(index, items[(int)index], sizes[index]) : null);
        }
    }

    private sealed class StreamSource(IAsyncEnumerator<Dictionary<string, AttributeValue>> items) : ItemSource
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private long _next;
        private bool _done;

        public override void Dispose()
        {
            _gate.Dispose();
            base.Dispose();
        }

        public override async ValueTask<PendingItem?> NextAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_done || !await items.MoveNextAsync())
                {
                    _done = true;
                    return null;
                }

                var item = items.Current ?? throw new ArgumentException($"items[{_next}] is null");
                return new PendingItem(_next++, item, ItemSize.Of(item));
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
