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
    /// the waves in flight finish and the samples are written before Lambda ends the call. For a target whose timeout is
    /// longer than that allows, <see cref="InvocationFits"/> stops the Executor earlier.
    /// </summary>
    public const int ExecutorDeadlineMarginSeconds = 300;

    /// <summary>
    /// The Executor's deadline for its Task timeout: the timeout less <see cref="ExecutorDeadlineMarginSeconds"/> (600 s
    /// of the 900 s). The CDK stack sets it on the Executor and the Planner; it is also the functions' default when the
    /// variable is unset. No invocation starts after it, nor one that could not end within the Task timeout
    /// (<see cref="InvocationFits"/>), whichever comes first.
    /// </summary>
    public static int ExecutorBudgetSeconds(int executorTimeoutSeconds) =>
        executorTimeoutSeconds > ExecutorDeadlineMarginSeconds
            ? executorTimeoutSeconds - ExecutorDeadlineMarginSeconds
            : throw new ArgumentOutOfRangeException(
                nameof(executorTimeoutSeconds),
                executorTimeoutSeconds,
                $"the Executor's Task timeout must be above {ExecutorDeadlineMarginSeconds} s, the time it keeps after its deadline for the waves in flight and the sample writes");

    /// <summary>What the Executor keeps of its Task timeout to write its samples after its last invocation.</summary>
    public const int ExecutorWriteSeconds = 30;

    /// <summary>
    /// What the Executor counts for its own start, before its first invocation: the Task's clock runs from when Step
    /// Functions calls it, through a cold Executor's init (which Lambda caps at 10 s) and the handler's reads of its input
    /// and the run, none of which the handler's clock sees. It counts its time from this long before its first
    /// invocation (or from its handler's start, when the reads took longer).
    /// </summary>
    public const int ExecutorStartSeconds = 10;

    /// <summary>
    /// Whether the Executor may start an invocation (a wave of them, which run at once) of a target whose timeout is
    /// <paramref name="targetTimeoutSeconds"/>, <paramref name="executorElapsed"/> into its Task (counted as
    /// <see cref="ExecutorStartSeconds"/> says): the invocation may run to the target's timeout, and its samples must
    /// then be written (<see cref="ExecutorWriteSeconds"/>), all within the Executor's Task timeout
    /// (<paramref name="executorTimeoutSeconds"/>, the ASL's 900 s). Past it Lambda would end the Executor with its
    /// samples unwritten and the Map's Catch would fail the run; so it stops, writes what it has and returns, and the
    /// Narrower resumes the stage for what each cell lacks.
    /// </summary>
    public static bool InvocationFits(TimeSpan executorElapsed, int targetTimeoutSeconds, int executorTimeoutSeconds = OwnFunction.MaxTimeoutSeconds) =>
        executorElapsed + TimeSpan.FromSeconds(targetTimeoutSeconds + ExecutorWriteSeconds) <= TimeSpan.FromSeconds(executorTimeoutSeconds);

    /// <summary>
    /// The longest timeout a target may have: the one whose first invocation still fits a fresh Executor
    /// (<see cref="InvocationFits"/> at <see cref="ExecutorStartSeconds"/> into its Task), the Task timeout less the
    /// start and the sample writes: 900 − 10 − 30 = 860 s. Longer cells are no problem (they are measured over several
    /// Executor calls); a longer timeout is, as not one invocation of it could be measured.
    /// </summary>
    public static int LongestTargetTimeoutSeconds(int executorTimeoutSeconds = OwnFunction.MaxTimeoutSeconds) =>
        executorTimeoutSeconds - ExecutorStartSeconds - ExecutorWriteSeconds;

    /// <summary>The functions that serve the ASL's Task states.</summary>
    public static IReadOnlyList<OwnFunction> States { get; } = [Planner, Narrower, Executor, Reducer, Cleaner];
}
