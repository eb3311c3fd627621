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

    /// <summary>Every name above (the names below are knobs or a target's settings, not Tuner's own, and are not in it).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Mode, Bucket, AllowedFunctions, SigningKeyId, LocalKeyPath, PlannerPublishSeconds, ExecutorSeconds, Home, EngineDirectory, CgroupProcs,
        LeaseSeconds, MaxConcurrentInvocations, MaxRunUsd, DefaultBudgetUsd, SecretsKeyId, StateMachineArn, ControlPlaneRequestsPerSecond,
    ];

    /// <summary>
    /// The knobs of <c>Tuner.BatchWriter</c>, which a request sets through <c>dynamoDbBatch</c> (never through
    /// <c>env</c>): every name with <see cref="Prefix"/> is reserved for them.
    /// </summary>
    public static class DynamoDbBatch
    {
        /// <summary>The prefix reserved for the batch writer's knobs.</summary>
        public const string Prefix = "TUNER_DDB_";

        /// <summary>Items per BatchWriteItem call (1–25).</summary>
        public const string BatchSize = Prefix + "BATCH_SIZE";

        /// <summary>Batches in flight (≥ 1).</summary>
        public const string Parallelism = Prefix + "PARALLELISM";
    }

    /// <summary>
    /// What Tuner sets on the versions it publishes in cold mode (<c>"measure": "cold"</c>): not one of Tuner's own
    /// settings (so not in <see cref="All"/>) and never a knob.
    /// </summary>
    public static class ColdStart
    {
        /// <summary>Makes each cold version differ from the others (<c>&lt;runId&gt;/&lt;cellId&gt;/&lt;k&gt;</c>).</summary>
        public const string Variable = "TUNER_COLD_START";
    }

    /// <summary>The reference workload's settings (<c>Tuner.Workload</c>), which the stack and the local registry set.</summary>
    public static class Workload
    {
        /// <summary>The workload's DynamoDB table.</summary>
        public const string TableName = "TUNER_TABLE_NAME";

        /// <summary>PBKDF2 iterations per event (the workload's CPU cost).</summary>
        public const string WorkFactor = "TUNER_WORKLOAD_WORK_FACTOR";

        /// <summary><c>true</c>: the function creates its table on first use (local runs).</summary>
        public const string CreateTable = "TUNER_CREATE_TABLE";
    }
}
