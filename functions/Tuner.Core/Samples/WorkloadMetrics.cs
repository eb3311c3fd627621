namespace Tuner.Core.Samples;

/// <summary>
/// What a target reports about its own work in <c>{"tunerMetrics":{...}}</c>: items written, DynamoDB write units
/// consumed, batch retries and throttles. Any field may be missing.
/// </summary>
public sealed record WorkloadMetrics(long? Items, double? ConsumedWriteUnits, int? Retries, int? Throttles);
