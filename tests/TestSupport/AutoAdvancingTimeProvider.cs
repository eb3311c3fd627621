namespace Tuner.Tests.TestSupport;

/// <summary>
/// The tests' shared clock (compiled into each test project that needs it): it never really waits. Each timer (e.g.
/// <c>Task.Delay(d, provider)</c>) advances the clock by its due time and fires at once, and a test moves it with
/// <see cref="Advance"/>. Records the delays asked for, so tests can assert on backoff.
/// </summary>
public sealed class AutoAdvancingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = start;

    public AutoAdvancingTimeProvider()
        : this(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero))
    {
    }

    public List<TimeSpan> Delays { get; } = [];

    /// <summary>Moves the clock by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            Delays.Add(dueTime);
            if (dueTime > TimeSpan.Zero)
            {
                _now += dueTime;
            }
        }

        var timer = new FiredTimer();
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return timer;
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
