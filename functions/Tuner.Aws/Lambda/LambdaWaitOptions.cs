namespace Tuner.Aws.Lambda;

/// <summary>How often and how long <see cref="LambdaApiExtensions.WaitForUpdateAsync"/> polls.</summary>
public sealed record LambdaWaitOptions(TimeSpan PollInterval, TimeSpan Timeout)
{
    /// <summary>Every second, for up to 5 minutes (AWS updates usually finish within seconds).</summary>
    public static LambdaWaitOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
}
