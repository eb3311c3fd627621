using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Tuner.Contracts;
using Tuner.Infra.Components;
using Tuner.Infra.Security;
using Tuner.Infra.Settings;
using Tuner.Infra.Workflow;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using StepFunctionsLogLevel = Amazon.CDK.AWS.StepFunctions.LogLevel;

namespace Tuner.Infra;

/// <summary>Tuner in one AWS account: the four state functions and the reference workload, the state machine
/// from <c>statemachine/tuner.asl.json</c>, the samples/reports bucket, the workload's table, the report signing
/// key, the scheduled jobs, and least-privilege roles for all of them.</summary>
public sealed partial class TunerStack : Stack
{
    /// <summary>Output keys <c>tuner start</c> reads with DescribeStacks.</summary>
    public const string StateMachineArnOutput = "StateMachineArn";

    /// <summary>Output key of the bucket name.</summary>
    public const string BucketNameOutput = "BucketName";

    /// <summary>Output key of the signing key id.</summary>
    public const string SigningKeyIdOutput = "SigningKeyId";

    /// <summary>The output naming the key that signs each run's cleanup.json (only the Cleaner may sign with it).</summary>
    public const string CleanupSigningKeyIdOutput = "CleanupSigningKeyId";

    /// <summary>Output key of the AWS CLI start command.</summary>
    public const string StartCommandOutput = "StartCommand";

    /// <summary>Name of the reference workload function, which request files under <c>infra/jobs/</c> target.</summary>
    public const string WorkloadFunctionName = "tuner-reference-ingest";

    private static readonly string[] _readablePrefixes = [BucketKeys.Patterns.EveryRun, BucketKeys.Patterns.EveryJob];

    // The endings of an execution that need the Cleaner (SUCCEEDED ran it in the workflow).
    private static readonly string[] _endedStatuses = [.. ExecutionStatuses.EndingsNeedingCleanup.Select(ExecutionStatuses.ToApiName)];

    /// <summary>Builds the stack from <paramref name="settings"/>.</summary>
    public TunerStack(Construct scope, string id, TunerSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        Bucket = CreateBucket(settings.SampleRetentionDays);
        Table = new Table(this, "WorkloadTable", new TableProps
        {
            // Tuner.Workload's WorkloadTable: one string partition key "pk".
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "pk", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        var definition = StateMachineDefinition.Load(settings.StateMachineFile);
        var allowList = string.Join(',', settings.AllowedFunctionArns);
        // The Executor's deadline from its own Task timeout, stated rather than left to the functions' default; the
        // Planner reads it too, to refuse a target one invocation of which could outlast it.
        var executorSeconds = TunerFunctions.ExecutorBudgetSeconds(TunerFunctions.Executor.TimeoutSeconds(definition.TaskTimeoutSeconds))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        Planner = StateFunction(TunerFunctions.Planner, settings, definition, new()
        {
            [TunerEnvironment.AllowedFunctions] = allowList,
            [TunerEnvironment.ExecutorSeconds] = executorSeconds,
            // The stack's ceilings (cdk.json), which the Planner enforces before it changes anything.
            [TunerEnvironment.MaxConcurrentInvocations] = settings.MaxConcurrentInvocationsPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TunerEnvironment.MaxRunUsd] = settings.MaxUsdPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TunerEnvironment.DefaultBudgetUsd] = settings.DefaultBudgetUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Narrower = StateFunction(TunerFunctions.Narrower, settings, definition, []);
        Executor = StateFunction(TunerFunctions.Executor, settings, definition, new() { [TunerEnvironment.ExecutorSeconds] = executorSeconds });
        Reducer = StateFunction(TunerFunctions.Reducer, settings, definition, []);
        Cleaner = StateFunction(TunerFunctions.Cleaner, settings, definition, new() { [TunerEnvironment.AllowedFunctions] = allowList });
        Workload = new TunerFunction(this, "Workload", new TunerFunctionProps(
            "Tuner.Workload::Tuner.Workload.Ingest::Handle",
            settings.WorkloadCodeDirectory,
            "Tuner reference workload: ingests events into DynamoDB with Tuner.BatchWriter",
            1024,
            60,
            new Dictionary<string, string> { [TunerEnvironment.Mode] = "aws", [TunerEnvironment.Workload.TableName] = Table.TableName },
            settings.LogRetentionDays,
            WorkloadFunctionName));
        Amazon.CDK.Tags.Of(Workload.Function).Add(TuningAccess.AllowTagKey, TuningAccess.AllowTagValue);
        Table.GrantWriteData(Workload.Role);

        SigningKey = CreateSigningKey("SigningKey", "Tuner report signatures (ECDSA_SHA_256)", "OnlyReducerSigns", Reducer.Role);
        // The Cleaner signs its own record with a key of its own: the Reducer's key stays the Reducer's alone, so a
        // Cleaner role cannot sign a report, nor the Reducer's a cleanup record.
        CleanupSigningKey = CreateSigningKey("CleanupSigningKey", "Tuner cleanup-record signatures (ECDSA_SHA_256)", "OnlyCleanerSigns", Cleaner.Role);
        BaselinesKey = CreateBaselinesKey(Planner.Role, Cleaner.Role);
        Planner.Function.AddEnvironment(TunerEnvironment.SecretsKeyId, BaselinesKey.KeyArn);
        // The key ARN, which the Reducer binds into every signature (a verifier compares it exactly with the stack's key).
        Reducer.Function.AddEnvironment(TunerEnvironment.SigningKeyId, SigningKey.KeyArn);
        Cleaner.Function.AddEnvironment(TunerEnvironment.SigningKeyId, CleanupSigningKey.KeyArn);
        GrantLeastPrivilege(settings);

        StateMachine = CreateStateMachine(definition, settings.LogRetentionDays);
        RunEndedRule = CreateRunEndedRule();
        Janitor = CreateJanitor(settings);
        foreach (var job in settings.Schedules)
        {
            AddSchedule(job, settings.RepositoryRoot);
        }

        ReportReaderPolicy = CreateReportReaderPolicy();
        AddOutputs(settings);
    }

    /// <summary>The Planner state's function.</summary>
    public TunerFunction Planner { get; }

    /// <summary>The Narrower state's function (the staged measurement's decisions between Measure passes).</summary>
    public TunerFunction Narrower { get; }

    /// <summary>The Executor state's function.</summary>
    public TunerFunction Executor { get; }

    /// <summary>The Reducer state's function.</summary>
    public TunerFunction Reducer { get; }

    /// <summary>The Cleaner state's function.</summary>
    public TunerFunction Cleaner { get; }

    /// <summary>The scheduled janitor: deletes the versions of ended runs that no Cleaner removed.</summary>
    public TunerFunction Janitor { get; }

    /// <summary>Runs the Cleaner for every execution that ends ABORTED, TIMED_OUT or FAILED (no Catch runs on a stop or a timeout).</summary>
    public Rule RunEndedRule { get; }

    /// <summary>The reference workload.</summary>
    public TunerFunction Workload { get; }

    /// <summary>Samples and reports.</summary>
    public Bucket Bucket { get; }

    /// <summary>The reference workload's table.</summary>
    public Table Table { get; }

    /// <summary>The report signing key (ECC_NIST_P256, SIGN_VERIFY).</summary>
    public Key SigningKey { get; }

    /// <summary>The key the Cleaner signs <c>cleanup.json</c> with (ECC_NIST_P256, SIGN_VERIFY).</summary>
    public Key CleanupSigningKey { get; }

    /// <summary>Encrypts <see cref="BucketKeys.SecretsPrefix"/> (each run's whole baselines; SSE-KMS): only the Planner and the Cleaner may use it.</summary>
    public Key BaselinesKey { get; }

    /// <summary>The tuning workflow.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Attach to users or roles that read reports: read the report prefixes and get the public key.</summary>
    public ManagedPolicy ReportReaderPolicy { get; }

    private TunerFunction StateFunction(OwnFunction own, TunerSettings settings, StateMachineDefinition definition, Dictionary<string, string> environment)
    {
        var state = own.Name;
        // The function's timeout is its Task's TimeoutSeconds in the ASL (Lambda's maximum when the ASL sets none).
        var timeoutSeconds = own.TimeoutSeconds(definition.TaskTimeoutSeconds);
        environment[TunerEnvironment.Mode] = "aws";
        environment[TunerEnvironment.Bucket] = Bucket.BucketName;
        environment[TunerEnvironment.ControlPlaneRequestsPerSecond] = settings.ControlPlaneRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var function = new TunerFunction(this, state, new TunerFunctionProps(
            own.Handler,
            settings.FunctionsCodeDirectory,
            $"Tuner {state} state",
            own.MemoryMb,
            timeoutSeconds,
            environment,
            settings.LogRetentionDays));
        // The Planner refuses a target with this tag, and the IAM Deny (TuningAccess.OwnFunctionDenies) matches it.
        Amazon.CDK.Tags.Of(function.Function).Add(TunerFunctions.ComponentTagKey, state);
        return function;
    }

    private Bucket CreateBucket(int sampleRetentionDays) => new(this, "Bucket", new BucketProps
    {
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        MinimumTLSVersion = 1.2,
        Versioned = true,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        // Reports are the product: deleting the stack keeps them (README: how to remove the stack).
        RemovalPolicy = RemovalPolicy.RETAIN,
        LifecycleRules =
        [
            // S3 lifecycle filters cannot match the samples' folder by prefix, so the Executor tags every sample object.
            new LifecycleRule
            {
                Id = "ExpireSamples",
                TagFilters = new Dictionary<string, object> { [BucketKeys.DataTagKey] = BucketKeys.SampleTagValue },
                Expiration = Duration.Days(sampleRetentionDays),
                NoncurrentVersionExpiration = Duration.Days(1),
            },
            // Reports stay; only overwritten versions (each job's latest.json) and abandoned uploads go.
            new LifecycleRule
            {
                Id = "ExpireOldVersions",
                NoncurrentVersionExpiration = Duration.Days(90),
                AbortIncompleteMultipartUploadAfter = Duration.Days(7),
            },
        ],
    });

    /// <summary>The state machine's name: the stack's name and <c>-tuner</c>, like its log group.</summary>
    public string StateMachineName => $"{StackName}-tuner";

    /// <summary>Every execution of Tuner's state machine (for <c>states:DescribeExecution</c>).</summary>
    private string ExecutionsArnPattern =>
        $"arn:{Aws.PARTITION}:states:{Aws.REGION}:{Aws.ACCOUNT_ID}:execution:{StateMachineName}:*";

    private StateMachine CreateStateMachine(StateMachineDefinition definition, int logRetentionDays)
    {
        var available = new Dictionary<string, string>
        {
            ["PlannerFunctionArn"] = Planner.Function.FunctionArn,
            ["NarrowerFunctionArn"] = Narrower.Function.FunctionArn,
            ["ExecutorFunctionArn"] = Executor.Function.FunctionArn,
            ["ReducerFunctionArn"] = Reducer.Function.FunctionArn,
            ["CleanerFunctionArn"] = Cleaner.Function.FunctionArn,
            ["WorkloadFunctionArn"] = Workload.Function.FunctionArn,
            ["BucketName"] = Bucket.BucketName,
            ["TableName"] = Table.TableName,
            ["SigningKeyId"] = SigningKey.KeyId,
        };
        var logs = new LogGroup(this, "StateMachineLogs", new LogGroupProps
        {
            // The /aws/vendedlogs/ prefix keeps CloudWatch's resource policy small when many machines log.
            LogGroupName = $"/aws/vendedlogs/states/{StackName}-tuner",
            Retention = Retention.From(logRetentionDays),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var machine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            // Named, so the Planner's DescribeExecution grant can name the executions without depending on the machine
            // (which depends on the Planner's ARN).
            StateMachineName = StateMachineName,
            DefinitionBody = DefinitionBody.FromString(definition.Json),
            DefinitionSubstitutions = definition.Substitutions(available),
            StateMachineType = StateMachineType.STANDARD,
            TracingEnabled = true,
            Logs = new LogOptions { Destination = logs, Level = StepFunctionsLogLevel.ALL, IncludeExecutionData = true },
        });
        foreach (var fn in new[] { Planner, Narrower, Executor, Reducer, Cleaner })
        {
            fn.Function.GrantInvoke(machine);
        }

        return machine;
    }

    private ManagedPolicy CreateReportReaderPolicy() => new(this, "ReportReaderPolicy", new ManagedPolicyProps
    {
        Description = "Read Tuner reports and verify their signatures",
        Statements =
        [
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadReports",
                Actions = ["s3:GetObject"],
                Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryRun), Bucket.ArnForObjects(BucketKeys.Patterns.EveryJob)],
            }),
            ListPrefixes("ListReports", _readablePrefixes),
            // plan.json holds each target's whole baseline configuration, environment values included: reports carry
            // only the knobs, and whoever reads reports never reads the run state behind them (a Deny wins over the
            // EveryRun Allow above).
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "NoBaselines",
                Effect = Effect.DENY,
                Actions = ["s3:GetObject", "s3:GetObjectVersion"],
                Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile))],
            }),
            new PolicyStatement(new PolicyStatementProps
            {
                Sid = "VerifySignatures",
                Actions = ["kms:GetPublicKey", "kms:Verify", "kms:DescribeKey"],
                Resources = [SigningKey.KeyArn, CleanupSigningKey.KeyArn],
            }),
        ],
    });

    private void AddOutputs(TunerSettings settings)
    {
        var example = settings.Schedules.Count > 0 ? settings.Schedules[0].RequestFile : "request.json";
        _ = new CfnOutput(this, StateMachineArnOutput, new CfnOutputProps { Value = StateMachine.StateMachineArn, Description = "The tuning state machine" });
        _ = new CfnOutput(this, BucketNameOutput, new CfnOutputProps { Value = Bucket.BucketName, Description = $"Samples ({BucketKeys.SamplesPrefix("<runId>")}) and reports ({BucketKeys.Run("<runId>")}report.*, {BucketKeys.Latest("<job>")})" });
        _ = new CfnOutput(this, SigningKeyIdOutput, new CfnOutputProps { Value = SigningKey.KeyId, Description = $"KMS key that signs {BucketKeys.ReportFile} (aws kms get-public-key --key-id …)" });
        _ = new CfnOutput(this, CleanupSigningKeyIdOutput, new CfnOutputProps { Value = CleanupSigningKey.KeyId, Description = $"KMS key the Cleaner signs each run's {BucketKeys.CleanupFile} with (tuner fetch verifies it)" });
        _ = new CfnOutput(this, "ReportReaderPolicyArn", new CfnOutputProps { Value = ReportReaderPolicy.ManagedPolicyArn, Description = "Attach to whoever reads reports" });
        _ = new CfnOutput(this, "WorkloadFunctionName", new CfnOutputProps { Value = Workload.Function.FunctionName, Description = "The reference workload (tagged tuner:allow=true)" });
        _ = new CfnOutput(this, StartCommandOutput, new CfnOutputProps
        {
            Value = Fn.Join(string.Empty, ["aws stepfunctions start-execution --state-machine-arn ", StateMachine.StateMachineArn, " --input file://" + example]),
            Description = "Start a tuning run from the AWS CLI",
        });
    }
}
