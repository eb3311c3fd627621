using Tuner.Core.Resilience;

namespace Tuner.Core.Tests.Resilience;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Delay_FirstRetry_IsBelowTheBaseDelay()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), new Random(3));

        var delays = Enumerable.Range(0, 1000).Select(_ => backoff.Delay(1)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
        Assert.InRange(delays.Average(d => d.TotalMilliseconds), 40, 60); // full jitter: uniform over [0, cap)
    }

    [Fact]
    public void Delay_LaterRetries_DoubleTheCapUntilTheMaximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), new Random(3));

        var max4 = Enumerable.Range(0, 2000).Max(_ => backoff.Delay(3));
        var max10 = Enumerable.Range(0, 2000).Max(_ => backoff.Delay(10));

        Assert.InRange(max4.TotalMilliseconds, 380, 400);
        Assert.InRange(max10.TotalMilliseconds, 480, 500);
        Assert.Equal(TimeSpan.Zero, backoff.Delay(0));
    }

    [Fact]
    public void Delay_SameSeed_SameSequence()
    {
        var a = new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), new Random(42));
        var b = new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), new Random(42));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => a.Delay(i)), Enumerable.Range(1, 20).Select(i => b.Delay(i)));
    }

    [Fact]
    public void Delay_RetryAfterLongerThanJitter_WaitsRetryAfterCappedAtTheMaximum()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(3), new Random(1));

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Delay(1, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Delay(1, TimeSpan.FromSeconds(30)));
        Assert.InRange(backoff.Delay(1, TimeSpan.FromTicks(1)), TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(10));
    }
}
