namespace Tuner.Infra.Settings;

/// <summary>Everything the stack needs from outside the CDK: the files it reads and the choices from <c>cdk.json</c>.
/// Built once in the app's composition root (or by a test) and passed to <c>TunerStack</c>.</summary>
/// <param name="RepositoryRoot">Absolute path of the repository root (the folder holding <c>cdk.json</c>).</param>
/// <param name="StateMachineFile">Absolute path of the ASL file (<c>statemachine/tuner.asl.json</c>).</param>
/// <param name="FunctionsCodeDirectory">Folder with the published <c>Tuner.Functions</c> (linux-arm64, framework-dependent).</param>
/// <param name="WorkloadCodeDirectory">Folder with the published <c>Tuner.Workload</c>.</param>
/// <param name="Schedules">Weekly (or other cron) jobs; may be empty.</param>
/// <param name="AllowedFunctionArns">Unqualified function ARNs the Planner/Cleaner may change and the Executor may
/// invoke in addition to functions tagged <c>tuner:allow</c> = <c>true</c>.</param>
/// <param name="SampleRetentionDays">Days after which raw samples (objects tagged <c>tuner:data</c> = <c>sample</c>) expire.</param>
/// <param name="LogRetentionDays">CloudWatch Logs retention of every function and of the state machine.</param>
public sealed record TunerSettings(
    string RepositoryRoot,
    string StateMachineFile,
    string FunctionsCodeDirectory,
    string WorkloadCodeDirectory,
    IReadOnlyList<ScheduledJob> Schedules,
    IReadOnlyList<string> AllowedFunctionArns,
    int SampleRetentionDays,
    int LogRetentionDays)
{
    /// <summary>cdk.json <c>tuner:maxConcurrentInvocationsPerRun</c>: invocations of the targets at once in one run
    /// (the account's concurrency, 1,000 by default, is shared with production traffic).</summary>
    public int MaxConcurrentInvocationsPerRun { get; init; } = 200;

    /// <summary>cdk.json <c>tuner:controlPlaneRequestsPerSecond</c>: Lambda control-plane calls per second each Tuner
    /// function allows itself (1 to 12 of the account's shared 15; default 8).</summary>
    public int ControlPlaneRequestsPerSecond { get; init; } = Tuner.Contracts.ControlPlaneQuota.DefaultRequestsPerSecond;

    /// <summary>cdk.json <c>tuner:maxUsdPerRun</c>: the most one run's estimated upper-bound cost may be, whatever its budget.</summary>
    public decimal MaxUsdPerRun { get; init; } = 50;

    /// <summary>cdk.json <c>tuner:defaultBudgetUsd</c>: the budget of a request that sets none.</summary>
    public decimal DefaultBudgetUsd { get; init; } = 10;
}
