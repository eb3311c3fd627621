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
/// The <c>required</c> properties are the ones every line of the samples file has (<see cref="SampleJsonl"/> refuses a
/// line without one); the declaration order is the JSON's property order.
/// </summary>
public sealed record Sample
{
    public required string CellId { get; init; }

    public required int Index { get; init; }

    public required bool ColdStart { get; init; }

    public required double DurationMs { get; init; }

    public required double BilledDurationMs { get; init; }

    public double? InitDurationMs { get; init; }

    public required int MemorySizeMb { get; init; }

    public required int MaxMemoryUsedMb { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    public long? Items { get; init; }

    public double? ConsumedWriteUnits { get; init; }

    public int? Retries { get; init; }

    public int? Throttles { get; init; }

    public bool LimitsEnforced { get; init; } = true;

    public double? RestoreDurationMs { get; init; }

    public int Stage { get; init; }

    public int Round { get; init; }

    public bool Warmup { get; init; }

    public int InvokeThrottles { get; init; }

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
