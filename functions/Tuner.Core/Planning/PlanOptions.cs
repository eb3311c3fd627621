namespace Tuner.Core.Planning;

/// <summary>
/// Assumptions of the cost upper bound: the Executor function's memory/architecture (it waits while a cell runs),
/// the longest INIT Lambda bills (10 s), and the state transitions per cell and per run the state machine makes.
/// </summary>
public sealed record PlanOptions(
    int ExecutorMemoryMb = 1024,
    string ExecutorArchitecture = "arm64",
    int MaxInitSeconds = 10,
    int TransitionsPerCell = PlanOptions.DefaultTransitionsPerCell,
    int FixedTransitions = PlanOptions.DefaultFixedTransitions)
{
    /// <summary>Map iteration start, the Executor Task, one retry allowance, iteration end.</summary>
    public const int DefaultTransitionsPerCell = 4;

    /// <summary>Start, Planner, Map, Reducer, Cleaner, Choice/Pass states, end, with one retry each for Planner and Cleaner.</summary>
    public const int DefaultFixedTransitions = 12;

    public static PlanOptions Default { get; } = new();
}
