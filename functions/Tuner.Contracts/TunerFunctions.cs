namespace Tuner.Contracts;

/// <summary>
/// Tuner's own functions, one list for the CDK stack (<c>TunerStack</c>) and the local cloud (<c>LocalFunctions</c>):
/// the state functions, each named like its ASL state and its handler class, and the janitor (AWS only).
/// </summary>
public static class TunerFunctions
{
    /// <summary>The assembly of every state function's handler.</summary>
    public const string FunctionsAssembly = "Tuner.Functions";

    /// <summary>The tag each of Tuner's functions carries (value: its name); the Planner refuses a target with it.</summary>
    public const string ComponentTagKey = "tuner:component";

    public static OwnFunction Planner { get; } = new("Planner", FunctionsAssembly, 1024);

    public static OwnFunction Narrower { get; } = new("Narrower", FunctionsAssembly, 1024);

    public static OwnFunction Executor { get; } = new("Executor", FunctionsAssembly, 1024);

    /// <summary>Statistics, rendering and signing of every sample: the most memory.</summary>
    public static OwnFunction Reducer { get; } = new("Reducer", FunctionsAssembly, 2048);

    public static OwnFunction Cleaner { get; } = new("Cleaner", FunctionsAssembly, 512);

    /// <summary>The scheduled janitor (AWS only; no ASL state, so Lambda's longest timeout).</summary>
    public static OwnFunction Janitor { get; } = new("Janitor", FunctionsAssembly, 512);

    /// <summary>
    /// What the Executor keeps of its Task timeout after its deadline (<see cref="TunerEnvironment.ExecutorSeconds"/>):
    /// the waves in flight finish and the samples are written before Lambda ends the call.
    /// </summary>
    public const int ExecutorDeadlineMarginSeconds = 300;

    /// <summary>
    /// The Executor's deadline for its Task timeout: the timeout less <see cref="ExecutorDeadlineMarginSeconds"/> (600 s
    /// of the 900 s). The CDK stack sets it on the Executor and the Planner (which refuses a target whose own timeout is
    /// longer); it is also the functions' default when the variable is unset.
    /// </summary>
    public static int ExecutorBudgetSeconds(int executorTimeoutSeconds) =>
        executorTimeoutSeconds > ExecutorDeadlineMarginSeconds
            ? executorTimeoutSeconds - ExecutorDeadlineMarginSeconds
            : throw new ArgumentOutOfRangeException(
                nameof(executorTimeoutSeconds),
                executorTimeoutSeconds,
                $"the Executor's Task timeout must be above {ExecutorDeadlineMarginSeconds} s, the time it keeps after its deadline for the waves in flight and the sample writes");

    /// <summary>What the Executor keeps of its Task timeout to write its samples after its last wave.</summary>
    public const int ExecutorWriteSeconds = 30;

    /// <summary>
    /// The longest timeout a target may have for an Executor with deadline <paramref name="executorBudgetSeconds"/>: one
    /// invocation must fit the budget, and a wave started just before the deadline must end, and its samples be written,
    /// within the Executor's Task timeout (<paramref name="executorTimeoutSeconds"/>, the ASL's 900 s). At the stack's
    /// 600 s: 270 s.
    /// </summary>
    public static int LongestTargetTimeoutSeconds(int executorBudgetSeconds, int executorTimeoutSeconds = OwnFunction.MaxTimeoutSeconds) =>
        Math.Min(executorBudgetSeconds, executorTimeoutSeconds - executorBudgetSeconds - ExecutorWriteSeconds);

    /// <summary>The functions that serve the ASL's Task states.</summary>
    public static IReadOnlyList<OwnFunction> States { get; } = [Planner, Narrower, Executor, Reducer, Cleaner];
}
