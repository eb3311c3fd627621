namespace Tuner.BatchWriter;

/// <summary>Exponential backoff with full jitter: the k-th retry waits uniform [0, min(max, base·2^(k-1))). Thread-safe.</summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    private readonly Lock _gate = new();

    public TimeSpan Delay(int retry)
    {
        if (retry <= 0)
        {
            return TimeSpan.Zero;
        }

        var cap = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30));
        cap = Math.Min(cap, maxDelay.TotalMilliseconds);
        double unit;
        lock (_gate)
        {
            unit = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(unit * cap);
    }
}
