using System.Text.Json.Serialization;
using Tuner.Contracts;

namespace Tuner.Core.Samples;

/// <summary>
/// One measured invocation of a cell (a line of <see cref="BucketKeys.Samples"/>).
/// Durations come from the REPORT line; <see cref="BilledDurationMs"/> is as Lambda billed it (INIT included where
/// Lambda bills INIT). <see cref="ErrorType"/> is <c>null</c> for a success. Workload fields are <c>null</c>
/// when the target did not report them. <see cref="LimitsEnforced"/> is false when the execution environment
/// ran without Lambda-like CPU/memory caps (local mode without cgroups). <see cref="Stage"/> is the measurement stage
/// the sample was taken in (1 = first pass; the confirmation stage last), <see cref="Round"/> the interleaved round
/// within it (samples of one round were taken close together in time: the confirmation pairs them), and
/// <see cref="Warmup"/> marks the invocations that started the cell's execution environments before measuring.
/// <see cref="InvokeThrottles"/> counts the attempts Lambda refused with 429 TooManyRequestsException before this
/// invocation ran (the function did not run on those; an invocation is never repeated otherwise).
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
    double? RestoreDurationMs = null,
    int Stage = 0,
    int Round = 0,
    bool Warmup = false,
    int InvokeThrottles = 0)
{
    /// <summary>
    /// A warm measurement: not a warm-up invocation and not a cold start. Warm statistics and every staged decision use
    /// only these; cold starts feed the cell's cold-start profile.
    /// </summary>
    [JsonIgnore]
    public bool IsWarm => !ColdStart && !Warmup;

    /// <summary>True when the invocation failed (function error, timeout, out of memory).</summary>
    [JsonIgnore]
    public bool IsError => ErrorType is not null;
}
