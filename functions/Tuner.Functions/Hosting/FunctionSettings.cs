using System.Collections;
using System.Globalization;
using Tuner.Contracts;

namespace Tuner.Functions.Hosting;

/// <summary>
/// The handlers' settings, read once from the environment by the composition root:
/// <c>TUNER_BUCKET</c> (required), <c>TUNER_MODE</c> (<c>aws</c> | <c>local</c>, default aws), <c>AWS_REGION</c>,
/// <c>TUNER_ALLOWED_FUNCTIONS</c> (comma-separated names or ARNs that may be tuned without the <c>tuner:allow</c> tag),
/// <c>TUNER_SIGNING_KEY_ID</c> (KMS key: AWS signing) or <c>TUNER_LOCAL_KEY_PATH</c>/<c>TUNER_HOME</c> (local key file),
/// <c>TUNER_PLANNER_PUBLISH_SECONDS</c> (<see cref="PlannerPublishBudget"/>), <c>TUNER_EXECUTOR_SECONDS</c>
/// (<see cref="ExecutorBudget"/>), <c>TUNER_LEASE_SECONDS</c> (<see cref="LeaseDuration"/>),
/// <c>TUNER_STATE_MACHINE_ARN</c> (<see cref="StateMachineArn"/>, the janitor's), the stack's ceilings
/// <c>TUNER_MAX_CONCURRENT_INVOCATIONS</c>, <c>TUNER_MAX_RUN_USD</c>, <c>TUNER_DEFAULT_BUDGET_USD</c>, and
/// <c>TUNER_SECRETS_KEY_ID</c> (<see cref="SecretsKeyId"/>), and <c>TUNER_CONTROL_PLANE_RPS</c>
/// (<see cref="ControlPlaneRequestsPerSecond"/>).
/// </summary>
public sealed record FunctionSettings(
    string Bucket,
    string Mode,
    string Region,
    IReadOnlySet<string> AllowedFunctions,
    string? SigningKeyId,
    string? LocalKeyPath,
    string? TunerHome)
{
    public const string AwsMode = "aws";
    public const string LocalMode = "local";

    /// <summary>The variable that sets <see cref="PlannerPublishBudget"/>, in whole seconds.</summary>
    public const string PlannerPublishSecondsVariable = TunerEnvironment.PlannerPublishSeconds;

    /// <summary>
    /// Largest <see cref="PlannerPublishBudget"/>: the Planner's timeout is 900 s, and after the budget runs out the
    /// version in progress must still finish and <c>$LATEST</c> be restored, so at least a minute is kept free.
    /// </summary>
    public const int MaxPlannerPublishSeconds = 840;

    /// <summary>The default budget: 600 s leaves 300 s of the 900 s timeout for the slowest update and the restore.</summary>
    public static readonly TimeSpan DefaultPlannerPublishBudget = TimeSpan.FromSeconds(600);

    /// <summary>
    /// How long one Planner invocation publishes versions before it stops, restores <c>$LATEST</c> and lets the state
    /// machine call it again (<c>ResumePlanner</c>) to go on: a large plan would not fit in one 900 s invocation.
    /// Measured from the start of the invocation; every invocation publishes at least one version.
    /// </summary>
    public TimeSpan PlannerPublishBudget { get; init; } = DefaultPlannerPublishBudget;

    /// <summary>The variable that sets <see cref="ExecutorBudget"/>, in whole seconds.</summary>
    public const string ExecutorSecondsVariable = TunerEnvironment.ExecutorSeconds;

    /// <summary>
    /// Largest <see cref="ExecutorBudget"/>: the Executor's timeout is 900 s, and the waves in flight when the deadline
    /// passes must still finish (up to the target's own timeout) and the samples be written.
    /// </summary>
    public const int MaxExecutorSeconds = 840;

    /// <summary>The default deadline: 600 s of the 900 s timeout, leaving 300 s for the last waves and the writes (what the stack sets).</summary>
    public static readonly TimeSpan DefaultExecutorBudget = TimeSpan.FromSeconds(TunerFunctions.ExecutorBudgetSeconds(OwnFunction.MaxTimeoutSeconds));

    /// <summary>
    /// How long one Executor starts new waves; after it, the Executor writes the samples it has and returns (the
    /// Narrower resumes the stage for the cells that fell short). Measured from the start of the invocation.
    /// </summary>
    public TimeSpan ExecutorBudget { get; init; } = DefaultExecutorBudget;

    /// <summary>The variable that sets <see cref="LeaseDuration"/>, in whole seconds.</summary>
    public const string LeaseSecondsVariable = TunerEnvironment.LeaseSeconds;

    /// <summary>Longest <see cref="LeaseDuration"/>: a week.</summary>
    public const int MaxLeaseSeconds = 7 * 24 * 3600;

    /// <summary>
    /// The default lease: 24 hours from the Planner's first invocation, so it expires after the state machine's own
    /// 24-hour limit (<c>TimeoutSeconds</c> of the execution, which started before the Planner) has ended the run.
    /// </summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a run's lease of a target (<see cref="BucketKeys.Lease"/>) holds. After it, another run may take the
    /// lease over, and only when the execution that holds it has ended.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = DefaultLeaseDuration;

    /// <summary>The variable that sets <see cref="StateMachineArn"/>.</summary>
    public const string StateMachineArnVariable = TunerEnvironment.StateMachineArn;

    /// <summary>The tuning state machine, which the janitor asks which runs have ended; null outside the janitor.</summary>
    public string? StateMachineArn { get; init; }

    /// <summary>The variable that sets <see cref="MaxConcurrentInvocations"/> (cdk.json <c>tuner:maxConcurrentInvocationsPerRun</c>).</summary>
    public const string MaxConcurrentInvocationsVariable = TunerEnvironment.MaxConcurrentInvocations;

    /// <summary>The variable that sets <see cref="MaxRunUsd"/> (cdk.json <c>tuner:maxUsdPerRun</c>).</summary>
    public const string MaxRunUsdVariable = TunerEnvironment.MaxRunUsd;

    /// <summary>The variable that sets <see cref="DefaultBudgetUsd"/> (cdk.json <c>tuner:defaultBudgetUsd</c>).</summary>
    public const string DefaultBudgetUsdVariable = TunerEnvironment.DefaultBudgetUsd;

    /// <summary>
    /// The stack's ceiling on invocations of the targets at once in one run (<c>maxConcurrency</c> × the largest
    /// <c>concurrency</c>): the account's concurrency is shared with production traffic. Null: no ceiling (local runs
    /// unless set).
    /// </summary>
    public int? MaxConcurrentInvocations { get; init; }

    /// <summary>The stack's ceiling on one run's estimated upper-bound cost, whatever the request's budget says.</summary>
    public decimal? MaxRunUsd { get; init; }

    /// <summary>The budget of a request that sets none.</summary>
    public decimal? DefaultBudgetUsd { get; init; }

    /// <summary>The variable that sets <see cref="SecretsKeyId"/>.</summary>
    public const string SecretsKeyIdVariable = TunerEnvironment.SecretsKeyId;

    /// <summary>The KMS key that encrypts <see cref="BucketKeys.SecretsPrefix"/> (the baselines; SSE-KMS), set on the Planner by the stack. Null
    /// locally (no KMS) and on the functions that only read what it encrypted.</summary>
    public string? SecretsKeyId { get; init; }

    /// <summary>The variable that sets <see cref="ControlPlaneRequestsPerSecond"/> (cdk.json <c>tuner:controlPlaneRequestsPerSecond</c>).</summary>
    public const string ControlPlaneRequestsPerSecondVariable = TunerEnvironment.ControlPlaneRequestsPerSecond;

    /// <summary>
    /// Lambda control-plane calls per second this process allows itself (<c>ControlPlanePace</c>): default 8, at most
    /// 12 of the account's shared 15 requests/s.
    /// </summary>
    public int ControlPlaneRequestsPerSecond { get; init; } = ControlPlaneQuota.DefaultRequestsPerSecond;

    /// <summary>True in the local run (one cell at a time unless the request says otherwise).</summary>
    public bool IsLocal => Mode == LocalMode;

    /// <summary>Reads the process environment.</summary>
    public static FunctionSettings FromEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        return FromVariables(variables);
    }

    /// <summary>Reads the given variables (tests, and <see cref="FromEnvironment"/>).</summary>
    public static FunctionSettings FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var bucket = Get(TunerEnvironment.Bucket) ?? throw new InvalidOperationException($"{TunerEnvironment.Bucket} is not set: the functions need the bucket that holds samples and reports");
        var mode = (Get(TunerEnvironment.Mode) ?? AwsMode).ToLowerInvariant();
        if (mode is not (AwsMode or LocalMode))
        {
            throw new InvalidOperationException($"{TunerEnvironment.Mode} '{mode}' must be '{AwsMode}' or '{LocalMode}'");
        }

        var allowed = (Get(TunerEnvironment.AllowedFunctions) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
        return new FunctionSettings(
            bucket,
            mode,
            Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION") ?? "us-east-1",
            allowed,
            Get(TunerEnvironment.SigningKeyId),
            Get(TunerEnvironment.LocalKeyPath),
            Get(TunerEnvironment.Home))
        {
            PlannerPublishBudget = ReadSeconds(Get(PlannerPublishSecondsVariable), PlannerPublishSecondsVariable, DefaultPlannerPublishBudget, MaxPlannerPublishSeconds, "the Planner's timeout is 900 s and the last update and the restore of $LATEST need time after the budget runs out"),
            StateMachineArn = Get(StateMachineArnVariable),
            ExecutorBudget = ReadSeconds(Get(ExecutorSecondsVariable), ExecutorSecondsVariable, DefaultExecutorBudget, MaxExecutorSeconds, "the Executor's timeout is 900 s and the waves in flight and the writes of the samples need time after the deadline"),
            LeaseDuration = ReadSeconds(Get(LeaseSecondsVariable), LeaseSecondsVariable, DefaultLeaseDuration, MaxLeaseSeconds, "a lease longer than a week would keep a function locked long after a failed run"),
            MaxConcurrentInvocations = ReadPositive(Get(MaxConcurrentInvocationsVariable), MaxConcurrentInvocationsVariable) is { } invocations ? (int)invocations : null,
            MaxRunUsd = ReadPositive(Get(MaxRunUsdVariable), MaxRunUsdVariable),
            DefaultBudgetUsd = ReadPositive(Get(DefaultBudgetUsdVariable), DefaultBudgetUsdVariable),
            SecretsKeyId = Get(SecretsKeyIdVariable),
            ControlPlaneRequestsPerSecond = ReadRequestsPerSecond(Get(ControlPlaneRequestsPerSecondVariable)),
        };
    }

    private static int ReadRequestsPerSecond(string? value)
    {
        const int max = ControlPlaneQuota.MaxRequestsPerSecond;
        if (value is null)
        {
            return ControlPlaneQuota.DefaultRequestsPerSecond;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var perSecond) && perSecond is >= 1 and <= max
            ? perSecond
            : throw new InvalidOperationException($"{ControlPlaneRequestsPerSecondVariable} '{value}' must be a whole number from 1 to {max}: the account's Lambda control-plane quota is {ControlPlaneQuota.AccountRequestsPerSecond} requests/s, shared with the functions' owners");
    }

    private static decimal? ReadPositive(string? value, string variable)
    {
        if (value is null)
        {
            return null;
        }

        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number > 0 && number <= int.MaxValue
            ? number
            : throw new InvalidOperationException($"{variable} '{value}' must be a positive number");
    }

    private static TimeSpan ReadSeconds(string? value, string variable, TimeSpan fallback, int max, string why)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > max)
        {
            throw new InvalidOperationException($"{variable} '{value}' must be a whole number of seconds from 0 to {max}: {why}");
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
