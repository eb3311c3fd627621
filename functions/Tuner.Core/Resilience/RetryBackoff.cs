namespace Tuner.Core.Resilience;

/// <summary>
/// Exponential backoff with full jitter: the k-th retry waits uniform [0, min(max, base·2^(k-1))), or the server's
/// <c>Retry-After</c> when that is longer (capped at max). Thread-safe; seed the generator in tests.
/// </summary>
public sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    private readonly Lock _gate = new();

    public TimeSpan BaseDelay { get; } = baseDelay;

    public TimeSpan MaxDelay { get; } = maxDelay;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the first retry; 0 or less waits nothing).</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter = null)
    {
        if (retry <= 0)
        {
            return TimeSpan.Zero;
        }

        var cap = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)), MaxDelay.TotalMilliseconds);
        double unit;
        lock (_gate)
        {
#pragma warning disable CA5394 // Jitter only spreads retries in time; it needs no cryptographic randomness.
            unit = random.NextDouble();
#pragma warning restore CA5394
        }

        var delay = TimeSpan.FromMilliseconds(unit * cap);
        if (retryAfter is { } hint && hint > delay)
        {
            delay = hint < MaxDelay ? hint : MaxDelay;
        }

        return delay;
    }
}
