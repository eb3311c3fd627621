namespace Tuner.Aws.Http;

/// <summary>
/// Retries of throttled and failed (5xx, connection) requests: exponential backoff with full jitter,
/// <c>delay = random(0, min(MaxDelay, BaseDelay × 2^attempt))</c>.
/// </summary>
public sealed record AwsRetryOptions(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>5 attempts, 200 ms base, 10 s cap.</summary>
    public static AwsRetryOptions Default { get; } = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>One attempt only.</summary>
    public static AwsRetryOptions None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);
}
