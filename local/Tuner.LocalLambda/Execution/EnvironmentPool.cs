using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// Execution environments by configuration: an idle one is reused (warm, most recent first), otherwise a new one is
/// started (cold). Idle environments past the idle timeout, or whose configuration is no longer current, are stopped.
/// </summary>
internal sealed class EnvironmentPool : IAsyncDisposable
{
    private readonly Dictionary<string, List<ExecutionEnvironment>> _idle = new(StringComparer.Ordinal);
    private readonly HashSet<ExecutionEnvironment> _all = [];
    private readonly Lock _lock = new();
    private readonly EnvironmentLaunch _launch;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxIdle;
    private readonly ILogger _logger;
    private bool _disposed;

    public EnvironmentPool(EnvironmentLaunch launch, TimeSpan idleTimeout, int maxIdle, ILogger logger)
    {
        _launch = launch;
        _idleTimeout = idleTimeout;
        _maxIdle = Math.Max(1, maxIdle);
        _logger = logger;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Process ids of every live environment (tests check none is left after dispose).</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        lock (_lock)
        {
            return _all.Select(e => e.ProcessId).OfType<int>().ToList();
        }
    }

    /// <summary>Cgroup directories of every live environment.</summary>
    public IReadOnlyList<string> CgroupDirectories()
    {
        lock (_lock)
        {
            return _all.SelectMany(e => e.CgroupDirectories).ToList();
        }
    }

    /// <summary>An idle environment for this configuration, or a newly started one (cold).</summary>
    public async Task<ExecutionEnvironment> AcquireAsync(FunctionConfig config, CancellationToken cancellationToken)
    {
        string id;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryGetValue(config.EnvironmentKey, out var idle))
            {
                while (idle.Count > 0)
                {
                    var candidate = idle[^1];
                    idle.RemoveAt(idle.Count - 1);
                    if (candidate.IsAlive)
                    {
                        return candidate;
                    }
                }
            }

            // Unique across service instances in one process: they share the tuner-<pid> cgroup parent.
            id = $"env-{Guid.NewGuid():N}"[..16];
        }

        var environment = await ExecutionEnvironment.StartAsync(id, config, _launch, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _all.Add(environment);
            if (!_disposed)
            {
                return environment;
            }
        }

        await environment.DisposeAsync().ConfigureAwait(false);
        throw new ObjectDisposedException(nameof(EnvironmentPool));
    }

    /// <summary>Returns an environment after an invocation: idle again if alive, else forgotten.</summary>
    public async Task ReleaseAsync(ExecutionEnvironment environment, bool stillCurrent)
    {
        environment.MarkUsed();
        ExecutionEnvironment? evicted;
        lock (_lock)
        {
            if (environment.IsAlive && stillCurrent && !_disposed)
            {
                if (!_idle.TryGetValue(environment.Config.EnvironmentKey, out var list))
                {
                    _idle[environment.Config.EnvironmentKey] = list = [];
                }

                list.Add(environment);
                evicted = EvictBeyondCap();
                if (evicted is null)
                {
                    return;
                }
            }
            else
            {
                _all.Remove(environment);
                evicted = environment;
            }
        }

        await evicted.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Over the idle cap: takes the least recently used idle environment out of the pool (caller disposes it).</summary>
    private ExecutionEnvironment? EvictBeyondCap()
    {
        if (_idle.Values.Sum(l => l.Count) <= _maxIdle)
        {
            return null;
        }

        var (list, oldest) = _idle.Values.SelectMany(l => l.Select(e => (List: l, Environment: e))).MinBy(p => p.Environment.LastUsed);
        list.Remove(oldest);
        _all.Remove(oldest);
        _logger.LogDebug("Environment {Id} ({Function}:{Version}) evicted: more than {Max} idle environments", oldest.Id, oldest.Config.Name, oldest.Config.Version, _maxIdle);
        return oldest;
    }

    /// <summary>Stops idle environments past the idle timeout or no longer current.</summary>
    public async Task ReapAsync(Func<FunctionConfig, bool> isCurrent, DateTimeOffset now)
    {
        var stop = new List<ExecutionEnvironment>();
        lock (_lock)
        {
            foreach (var list in _idle.Values)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var environment = list[i];
                    if (!environment.IsAlive || now - environment.LastUsed > _idleTimeout || !isCurrent(environment.Config))
                    {
                        list.RemoveAt(i);
                        _all.Remove(environment);
                        stop.Add(environment);
                    }
                }
            }
        }

        foreach (var environment in stop)
        {
            _logger.LogDebug("Environment {Id} ({Function}:{Version}) reaped", environment.Id, environment.Config.Name, environment.Config.Version);
            await environment.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous last resort when the process exits without disposing the service.</summary>
    public void KillAllNow()
    {
        List<ExecutionEnvironment> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _all];
        }

        foreach (var environment in all)
        {
            environment.KillNow();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ExecutionEnvironment> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _all];
            _all.Clear();
            _idle.Clear();
        }

        await Task.WhenAll(all.Select(e => e.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
