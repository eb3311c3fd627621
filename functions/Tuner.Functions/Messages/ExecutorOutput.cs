namespace Tuner.Functions.Messages;

/// <summary>
/// What an Executor returns (discarded by the Map's <c>ResultPath: null</c>; kept tiny for logs and the local
/// progress): the unit, the counted (warm) samples taken and every invocation sent, whether the deadline
/// (<c>TUNER_EXECUTOR_SECONDS</c>) stopped it early, the time spent invoking, and where the unit summary is.
/// </summary>
public sealed record ExecutorOutput(
    int Step,
    int Unit,
    int TargetIndex,
    int Stage,
    int Cells,
    int Samples,
    int Invocations,
    int CellsFailed,
    bool DeadlineReached,
    double InvokePhaseMs,
    string SummaryKey);
