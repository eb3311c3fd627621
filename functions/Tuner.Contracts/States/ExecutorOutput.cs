namespace Tuner.Contracts.States;

/// <summary>
/// What an Executor returns (discarded by the Map's <c>ResultPath: null</c>; kept tiny for logs and the CLI's
/// progress, which reads it with <see cref="StateOutputJson"/>): the unit, the counted (warm) samples taken and every
/// invocation sent, the cells that failed, whether the deadline (<see cref="TunerEnvironment.ExecutorSeconds"/>)
/// stopped it early, the time spent invoking, and where the unit summary is (<c>""</c> when missing or null).
/// </summary>
public sealed record ExecutorOutput
{
    public int Step { get; init; }

    public int Unit { get; init; }

    public int TargetIndex { get; init; }

    public int Stage { get; init; }

    public int Cells { get; init; }

    public int Samples { get; init; }

    public int Invocations { get; init; }

    public int CellsFailed { get; init; }

    public bool DeadlineReached { get; init; }

    public double InvokePhaseMs { get; init; }

    public string SummaryKey { get; init => field = value ?? string.Empty; } = string.Empty;
}
