namespace Tuner.LocalLambda.Faults;

/// <summary>A rule as it stands: how many calls it answered, and how many it still will (null = unlimited).</summary>
public sealed record LambdaFaultState(LambdaFaultRule Rule, int Hits, int? Remaining);
