namespace Tuner.Functions.Messages;

/// <summary>
/// What an Executor did with one cell of its unit, in the unit summary (the full samples are in <see cref="SamplesKey"/>). <see cref="Status"/> is
/// its <see cref="CellStatus"/>.
/// <see cref="InvokePhaseMs"/> is the wall time of the cell's waves; <see cref="DurationSumMs"/>
/// the sum of the REPORT durations; <see cref="Problems"/> counts invocations without a readable REPORT;
/// <see cref="InvokeThrottles"/> the Invoke attempts Lambda refused with 429 (retried; the function did not run);
/// <see cref="SamplesCounted"/> of <see cref="SamplesRequested"/> the counted samples the unit asked for.
/// The declaration order is the JSON's property order.
/// </summary>
public sealed record CellSummary
{
    public required string CellId { get; init; }

    public required int TargetIndex { get; init; }

    public required CellStatus Status { get; init; }

    public required int Invocations { get; init; }

    public required int Samples { get; init; }

    public required int Errors { get; init; }

    public required int Problems { get; init; }

    public required int ColdStarts { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    public double? MedianDurationMs { get; init; }

    public required double DurationSumMs { get; init; }

    public required double InvokePhaseMs { get; init; }

    public required string SamplesKey { get; init; }

    public int InvokeThrottles { get; init; }

    public int SamplesRequested { get; init; }

    public int SamplesCounted { get; init; }

    /// <summary>The Executor's deadline stopped the cell before it had the samples it was asked for.</summary>
    public bool CutShort(bool deadlineReached) => deadlineReached && SamplesCounted < SamplesRequested;
}
