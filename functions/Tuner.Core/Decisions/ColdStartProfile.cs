namespace Tuner.Core.Decisions;

/// <summary>
/// A cell's cold starts: how many were seen, the mean INIT duration, the mean latency of a cold invocation (INIT plus
/// the handler's duration) and the mean USD of one (billed INIT included where Lambda bills it).
/// </summary>
public sealed record ColdStartProfile(int Count, double? MeanInitMs, double? MeanLatencyMs, double MeanCostUsd);
