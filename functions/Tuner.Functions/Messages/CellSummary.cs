namespace Tuner.Functions.Messages;

/// <summary>
/// What an Executor did with one cell of its unit, in the unit summary (the full samples are in <see cref="SamplesKey"/>). <see cref="Status"/> is
/// <c>measured</c> or <c>failed</c> (every invocation failed, e.g. out of memory: <see cref="ErrorType"/> says how).
/// <see cref="InvokePhaseMs"/> is the wall time of the cell's waves; <see cref="DurationSumMs"/>
/// the sum of the REPORT durations; <see cref="Problems"/> counts invocations without a readable REPORT;
/// <see cref="InvokeThrottles"/> the Invoke attempts Lambda refused with 429 (retried; the function did not run);
/// <see cref="SamplesCounted"/> of <see cref="SamplesRequested"/> the counted samples the unit asked for.
/// </summary>
public sealed record CellSummary(
    string CellId,
    int TargetIndex,
    string Status,
    int Invocations,
    int Samples,
    int Errors,
    int Problems,
    int ColdStarts,
    string? ErrorType,
    string? ErrorMessage,
    double? MedianDurationMs,
    double DurationSumMs,
    double InvokePhaseMs,
    string SamplesKey,
    int InvokeThrottles = 0,
    int SamplesRequested = 0,
    int SamplesCounted = 0)
{
    /// <summary>The Executor's deadline stopped the cell before it had the samples it was asked for.</summary>
    public bool CutShort(bool deadlineReached) => deadlineReached && SamplesCounted < SamplesRequested;

    public const string Measured = "measured";
    public const string Failed = "failed";
}
