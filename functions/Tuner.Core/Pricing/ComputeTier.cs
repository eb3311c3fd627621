namespace Tuner.Core.Pricing;

/// <summary>
/// A monthly volume tier of Lambda compute: the price per GB-second applies up to <see cref="UpToGbSecondsPerMonth"/>
/// GB-seconds of the account's month (<c>null</c> = no upper end).
/// </summary>
public sealed record ComputeTier(long? UpToGbSecondsPerMonth, PricePoint PerGbSecond);
