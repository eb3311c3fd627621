namespace Tuner.Core.Requests;

/// <summary>
/// Week-to-week alert thresholds (percent changes of the recommended/baseline figures, and an absolute error-rate percent).
/// Defaults apply when the request has no <c>alerts</c> object or leaves a field out.
/// </summary>
public sealed record AlertThresholds(
    double DurationIncreasePct = AlertThresholds.DefaultDurationIncreasePct,
    double MaxMemoryIncreasePct = AlertThresholds.DefaultMaxMemoryIncreasePct,
    double CostIncreasePct = AlertThresholds.DefaultCostIncreasePct,
    double ErrorRatePct = AlertThresholds.DefaultErrorRatePct)
{
    public const double DefaultDurationIncreasePct = 10;
    public const double DefaultMaxMemoryIncreasePct = 20;
    public const double DefaultCostIncreasePct = 15;
    public const double DefaultErrorRatePct = 5;

    /// <summary>The thresholds used when the request says nothing.</summary>
    public static AlertThresholds Default { get; } = new();
}
