using System.Text.Json.Serialization;

namespace Tuner.Core.Samples;

/// <summary>
/// One measured invocation of a cell (a line of <c>runs/&lt;runId&gt;/samples/&lt;cellId&gt;.jsonl</c>).
/// Durations come from the REPORT line; <see cref="BilledDurationMs"/> is as Lambda billed it (INIT included where
/// Lambda bills INIT). <see cref="ErrorType"/> is <c>null</c> for a success. Workload fields are <c>null</c>
/// when the target did not report them. <see cref="LimitsEnforced"/> is false when the execution environment
/// ran without Lambda-like CPU/memory caps (local mode without cgroups).
/// </summary>
public sealed record Sample(
    string CellId,
    int Index,
    bool ColdStart,
    double DurationMs,
    double BilledDurationMs,
    double? InitDurationMs,
    int MemorySizeMb,
    int MaxMemoryUsedMb,
    string? ErrorType,
    string? ErrorMessage,
    long? Items,
    double? ConsumedWriteUnits,
    int? Retries,
    int? Throttles,
    bool LimitsEnforced = true,
    double? RestoreDurationMs = null)
{
    /// <summary>True when the invocation failed (function error, timeout, out of memory).</summary>
    [JsonIgnore]
    public bool IsError => ErrorType is not null;
}
