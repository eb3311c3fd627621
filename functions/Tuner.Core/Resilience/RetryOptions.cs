namespace Tuner.Core.Resilience;

/// <summary>How many attempts one call gets and how long it waits between them (see <see cref="RetryBackoff"/>).</summary>
public sealed record RetryOptions(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>AWS API calls: 5 attempts, 200 ms base, 10 s cap.</summary>
    public static RetryOptions Default { get; } = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>One attempt only.</summary>
    public static RetryOptions None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);
}
