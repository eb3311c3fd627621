namespace Tuner.Contracts;

/// <summary>
/// The environment variables Tuner's own functions and tools read: one name each, used by the functions' settings,
/// the CDK stack, the local cloud and the CLI; a tuning request may not vary any of them as a knob.
/// </summary>
public static class TunerEnvironment
{
    /// <summary><c>aws</c> or <c>local</c>.</summary>
    public const string Mode = "TUNER_MODE";

    public const string Bucket = "TUNER_BUCKET";

    /// <summary>Comma-separated names or ARNs that may be tuned without the <c>tuner:allow</c> tag.</summary>
    public const string AllowedFunctions = "TUNER_ALLOWED_FUNCTIONS";

    /// <summary>The KMS key that signs reports on AWS.</summary>
    public const string SigningKeyId = "TUNER_SIGNING_KEY_ID";

    /// <summary>The local signing key's file.</summary>
    public const string LocalKeyPath = "TUNER_LOCAL_KEY_PATH";

    public const string PlannerPublishSeconds = "TUNER_PLANNER_PUBLISH_SECONDS";
    public const string ExecutorSeconds = "TUNER_EXECUTOR_SECONDS";
    public const string LeaseSeconds = "TUNER_LEASE_SECONDS";
    public const string StateMachineArn = "TUNER_STATE_MACHINE_ARN";
    public const string MaxConcurrentInvocations = "TUNER_MAX_CONCURRENT_INVOCATIONS";
    public const string MaxRunUsd = "TUNER_MAX_RUN_USD";
    public const string DefaultBudgetUsd = "TUNER_DEFAULT_BUDGET_USD";

    /// <summary>Lambda control-plane calls per second one Tuner process allows itself (cdk.json <c>tuner:controlPlaneRequestsPerSecond</c>).</summary>
    public const string ControlPlaneRequestsPerSecond = "TUNER_CONTROL_PLANE_RPS";

    /// <summary>The KMS key that encrypts baselines under <see cref="BucketKeys.SecretsPrefix"/>.</summary>
    public const string SecretsKeyId = "TUNER_SECRETS_KEY_ID";

    /// <summary>Tuner's home folder (keys, local history); default <c>~/.tuner</c>.</summary>
    public const string Home = "TUNER_HOME";

    /// <summary>The local engines' folder (<c>local/engine</c>).</summary>
    public const string EngineDirectory = "TUNER_ENGINE_DIR";

    /// <summary>The cgroup.procs files a local execution environment enrols in before its runtime starts.</summary>
    public const string CgroupProcs = "TUNER_CGROUP_PROCS";

    /// <summary>Every name above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Mode, Bucket, AllowedFunctions, SigningKeyId, LocalKeyPath, PlannerPublishSeconds, ExecutorSeconds, Home, EngineDirectory, CgroupProcs,
        LeaseSeconds, MaxConcurrentInvocations, MaxRunUsd, DefaultBudgetUsd, SecretsKeyId, StateMachineArn, ControlPlaneRequestsPerSecond,
    ];
}
