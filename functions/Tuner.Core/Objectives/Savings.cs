namespace Tuner.Core.Objectives;

/// <summary>
/// What the recommendation changes vs the baseline: cost saved in percent, USD per million invocations and per month
/// (when the request gives <c>monthlyInvocations</c>), and the p95 latency change in percent (negative = faster).
/// </summary>
public sealed record Savings(
    double CostPercent,
    decimal UsdPerMillionInvocations,
    decimal? UsdPerMonth,
    double? P95ChangePercent);
