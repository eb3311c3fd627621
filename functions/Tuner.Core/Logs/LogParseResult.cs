using Tuner.Core.Samples;

namespace Tuner.Core.Logs;

/// <summary>
/// What was found in a log tail: the report (or <c>null</c> with <see cref="Problem"/> saying why), and workload
/// metrics when a JSON log line carried <c>tunerMetrics</c>.
/// </summary>
public sealed record LogParseResult(LambdaReport? Report, WorkloadMetrics? Metrics, string? Problem);
