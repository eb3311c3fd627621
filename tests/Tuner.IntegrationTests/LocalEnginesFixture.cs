namespace Tuner.IntegrationTests;

/// <summary>
/// The one fixture every engine-starting test shares (collection "engines"). Engines start lazily, on the
/// first test that asks for them, and each start registers its disposal here so that every process and
/// cgroup the tests created is gone after the run, whichever tests ran. Each engine's getter lives in its
/// own partial file (<c>LocalEnginesFixture.DynamoDb.cs</c>, <c>.S3.cs</c>, <c>.Lambda.cs</c>, …).
/// A getter that cannot start its engine throws: a missing engine is a failed test, never a skipped one.
/// </summary>
public sealed partial class LocalEnginesFixture : IAsyncLifetime
{
    private readonly Stack<IAsyncDisposable> _started = new();
    private readonly SemaphoreSlim _startLock = new(1, 1);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        while (_started.TryPop(out var engine))
        {
            await engine.DisposeAsync();
        }

        _startLock.Dispose();
    }

    /// <summary>Starts an engine once, under a lock, and remembers it for disposal.</summary>
    private async Task<T> StartOnceAsync<T>(Func<T?> current, Func<Task<T>> start, Action<T> remember)
        where T : class, IAsyncDisposable
    {
        await _startLock.WaitAsync();
        try
        {
            if (current() is { } existing)
            {
                return existing;
            }

            var engine = await start();
            _started.Push(engine);
            remember(engine);
            return engine;
        }
        finally
        {
            _startLock.Release();
        }
    }
}

/// <summary>Tests that start engines join this collection, so they share one <see cref="LocalEnginesFixture"/> and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EnginesCollectionDefinition : ICollectionFixture<LocalEnginesFixture>
{
    public const string Name = "engines";
}
