namespace Tuner.Contracts.States;

/// <summary>
/// What a watcher reads of an Executor's output (Tuner.Functions' <c>ExecutorOutput</c>): the unit and step, the warm
/// samples taken, every invocation sent, the cells that failed, the time spent invoking and whether the deadline
/// stopped it. Read with <see cref="StateOutputJson"/>.
/// </summary>
public sealed record ExecutorStateOutput
{
    public int? Step { get; init; }

    public int? Unit { get; init; }

    public int? Samples { get; init; }

    public int? Invocations { get; init; }

    public int? CellsFailed { get; init; }

    public bool? DeadlineReached { get; init; }

    public double? InvokePhaseMs { get; init; }
}
