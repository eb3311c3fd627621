namespace Tuner.Core.Logs;

/// <summary>
/// The figures of one Lambda <c>REPORT</c> line (text) or <c>platform.report</c> record (JSON log format).
/// <see cref="InitDurationMs"/> is present on a cold start, <see cref="RestoreDurationMs"/> on a SnapStart restore.
/// <see cref="Status"/> is Lambda's status when the line has one (e.g. <c>timeout</c>, <c>error</c>).
/// </summary>
public sealed record LambdaReport(
    string? RequestId,
    double DurationMs,
    double BilledDurationMs,
    int MemorySizeMb,
    int MaxMemoryUsedMb,
    double? InitDurationMs,
    double? RestoreDurationMs,
    string? Status);
