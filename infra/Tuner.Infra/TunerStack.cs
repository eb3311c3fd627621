using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Tuner.Infra.Components;
using Tuner.Infra.Security;
using Tuner.Infra.Settings;
using Tuner.Infra.Workflow;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using StepFunctionsLogLevel = Amazon.CDK.AWS.StepFunctions.LogLevel;
using Tuner.Contracts;

namespace Tuner.Infra;

/// <summary>Tuner in one AWS account: the four state functions and the reference workload, the state machine
/// from <c>statemachine/tuner.asl.json</c>, the samples/reports bucket, the workload's table, the report signing
/// key, the scheduled jobs, and least-privilege roles for all of them.</summary>
public sealed class TunerStack : Stack
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
    private static readonly string[] _endedStatuses = [.. ExecutionStatus.EndingsNeedingCleanup];

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
        Planner = StateFunction(TunerFunctions.Planner, settings, definition, new()
        {
            [TunerEnvironment.AllowedFunctions] = allowList,
            // The stack's ceilings (cdk.json), which the Planner enforces before it changes anything.
            [TunerEnvironment.MaxConcurrentInvocations] = settings.MaxConcurrentInvocationsPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TunerEnvironment.MaxRunUsd] = settings.MaxUsdPerRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [TunerEnvironment.DefaultBudgetUsd] = settings.DefaultBudgetUsd.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Narrower = StateFunction(TunerFunctions.Narrower, settings, definition, []);
        Executor = StateFunction(TunerFunctions.Executor, settings, definition, []);
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

    private Key CreateSigningKey(string id, string description, string signerSid, Role signerRole)
    {
        var account = new AccountRootPrincipal();
        // An explicit key policy instead of CDK's default (kms:* for the account): the account administers the
        // key and may let IAM users read the public key, but only the signer's role may sign.
        var policy = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                AccountAdministersKey(account),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "AccountMayReadPublicKey",
                    Principals = [account],
                    Actions = ["kms:GetPublicKey", "kms:Verify"],
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = signerSid,
                    Principals = [new ArnPrincipal(signerRole.RoleArn)],
                    Actions = ["kms:Sign", "kms:GetPublicKey"],
                    Resources = ["*"],
                }),
            ],
        });
        return new Key(this, id, new KeyProps
        {
            Description = description,
            KeySpec = KeySpec.ECC_NIST_P256,
            KeyUsage = KeyUsage.SIGN_VERIFY,
            Policy = policy,
            // Old reports stay verifiable after the stack is gone.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
    }

    /// <summary>The account administers a key (policy, state, aliases, tags), without using it.</summary>
    private static PolicyStatement AccountAdministersKey(AccountRootPrincipal account, params string[] more) => new(new PolicyStatementProps
    {
        Sid = "AccountAdministersKey",
        Principals = [account],
        Actions =
        [
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:EnableKey", "kms:DisableKey",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:TagResource", "kms:UntagResource",
            "kms:ListResourceTags", "kms:UpdateKeyDescription", "kms:CreateAlias", "kms:UpdateAlias",
            "kms:DeleteAlias", "kms:GetKeyRotationStatus", "kms:ListKeyPolicies", .. more,
        ],
        Resources = ["*"],
    });

    private Key CreateBaselinesKey(Role plannerRole, Role cleanerRole)
    {
        var account = new AccountRootPrincipal();
        // The account administers the key; only the Planner (writes the baselines) and the Cleaner (reads them) may
        // encrypt or decrypt with it, so no other role reads them even with s3:GetObject on secrets/.
        var policy = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                AccountAdministersKey(account, "kms:EnableKeyRotation"),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "PlannerEncryptsBaselines",
                    Principals = [new ArnPrincipal(plannerRole.RoleArn)],
                    Actions = ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resources = ["*"],
                }),
                new PolicyStatement(new PolicyStatementProps
                {
                    Sid = "CleanerDecryptsBaselines",
                    Principals = [new ArnPrincipal(cleanerRole.RoleArn)],
                    Actions = ["kms:Decrypt"],
                    Resources = ["*"],
                }),
            ],
        });
        var key = new Key(this, "BaselinesKey", new KeyProps
        {
            Description = $"Tuner baselines ({BucketKeys.SecretsPrefix}): SSE-KMS, Planner and Cleaner only",
            EnableKeyRotation = true,
            Policy = policy,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        // Nothing lands under secrets/ unencrypted or with another key (a missing header matches StringNotEquals).
        Bucket.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SecretsOnlyWithTheBaselinesKey",
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EverySecret)],
            Conditions = new Dictionary<string, object>
            {
                ["StringNotEquals"] = new Dictionary<string, object> { ["s3:x-amz-server-side-encryption-aws-kms-key-id"] = key.KeyArn },
            },
        }));
        return key;
    }

    private void GrantLeastPrivilege(TunerSettings settings)
    {
        var tuning = new TuningAccess(this, settings.AllowedFunctionArns);
        foreach (var statement in tuning.ChangeStatements())
        {
            Planner.Role.AddToPolicy(statement);
            Cleaner.Role.AddToPolicy(statement);
        }

        foreach (var statement in tuning.InvokeStatements())
        {
            Executor.Role.AddToPolicy(statement);
        }

        foreach (var role in new[] { Planner.Role, Cleaner.Role, Executor.Role })
        {
            foreach (var statement in tuning.OwnFunctionDenies())
            {
                role.AddToPolicy(statement);
            }
        }

        // The Planner writes the run's plan.json and, resuming a publish its time budget cut short (ResumePlanner),
        // reads it back; the Executor and the Cleaner read it.
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadAndWritePlans",
            Actions = ["s3:GetObject", "s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile))],
        }));
        foreach (var reader in new[] { Executor, Cleaner })
        {
            reader.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Sid = "ReadPlans",
                Actions = ["s3:GetObject"],
                Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile))],
            }));
        }

        // Each run's whole baselines (environment values included): the Planner writes them, the Cleaner restores from
        // them; no other role, and not the report readers, may read them (and the key decrypts them for those two only).
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteBaselines",
            Actions = ["s3:GetObject", "s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryBaselines)],
        }));
        Cleaner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadBaselines",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryBaselines)],
        }));

        // The Cleaner records that the run ended before it cleans; a Planner invocation still publishing (StopExecution
        // does not stop it) reads that after each change and undoes it.
        Cleaner.Role.AddToPolicy(ObjectAccess("RecordRunEnded", ["s3:PutObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.EndedFile)));
        Planner.Role.AddToPolicy(ObjectAccess("ReadRunEnded", ["s3:GetObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.EndedFile)));
        // What the Cleaner did to each target, beside the report it cannot change (signed before it runs), and the
        // Cleaner's signature of it; tuner fetch reads and verifies both.
        Cleaner.Role.AddToPolicy(ObjectAccess("RecordCleanup", ["s3:PutObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.CleanupFile), BucketKeys.Patterns.InEveryRun(BucketKeys.CleanupSignatureFile)));
        Cleaner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SignCleanupRecords",
            Actions = ["kms:Sign", "kms:GetPublicKey"],
            Resources = [CleanupSigningKey.KeyArn],
        }));

        // The Planner (is this a retried first attempt?) and the Cleaner (did the Planner get as far as recording a
        // plan?) read plan.json expecting it may be missing. S3 answers a GetObject of a missing key with 404 only to a
        // caller that may list the bucket; without s3:ListBucket it answers 403 AccessDenied, which would fail them.
        foreach (var reader in new[] { Planner, Cleaner })
        {
            reader.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        }

        // A run's lease of each target (BucketKeys.Lease, S3 conditional writes): the Planner acquires it (reads the
        // current one, writes with If-None-Match or If-Match) and releases it when it refuses the run; the Cleaner
        // releases it. No other function touches the leases. A missing lease must read as 404, hence the ListBucket.
        Planner.Role.AddToPolicy(ObjectAccess("AcquireLeases", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], BucketKeys.Patterns.EveryLease));
        Cleaner.Role.AddToPolicy(ObjectAccess("ReleaseLeases", ["s3:GetObject", "s3:DeleteObject"], BucketKeys.Patterns.EveryLease));
        foreach (var leaseHolder in new[] { Planner, Cleaner })
        {
            leaseHolder.Role.AddToPolicy(ListPrefixes("ListLeases", BucketKeys.Patterns.EveryLease));
        }

        // Taking over an expired lease needs to know its execution ended: DescribeExecution of this machine's executions.
        Planner.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DescribeOwnExecutions",
            Actions = ["states:DescribeExecution"],
            Resources = [ExecutionsArnPattern],
        }));

        Executor.Role.AddToPolicy(ObjectAccess("WriteSamples", ["s3:PutObject", "s3:PutObjectTagging"], BucketKeys.Patterns.EverySample));
        Executor.Role.AddToPolicy(ObjectAccess("WriteUnitSummaries", ["s3:PutObject"], BucketKeys.Patterns.EveryStep));

        // The Narrower reads the plan, the samples so far and its own stages.json (missing on its first call: the
        // ListBucket makes that a 404, not a 403), and writes nothing but stages.json.
        Narrower.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadRuns",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryRun)],
        }));
        Narrower.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        Narrower.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteStages",
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(BucketKeys.StagesFile))],
        }));

        // The Reducer reads the run (plan, samples, unit summaries, stages) and the job's previous report, and writes
        // only the report files: never plan.json, which the Cleaner trusts (only the Planner writes it).
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ReadRunsAndJobs",
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(BucketKeys.Patterns.EveryRun), Bucket.ArnForObjects(BucketKeys.Patterns.EveryJob)],
        }));
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "WriteReports",
            Actions = ["s3:PutObject"],
            Resources = [.. BucketKeys.ReportFiles.Select(file => Bucket.ArnForObjects(BucketKeys.Patterns.InEveryRun(file))), Bucket.ArnForObjects(BucketKeys.Patterns.EveryLatest)],
        }));
        Reducer.Role.AddToPolicy(ListPrefixes("ListRunsAndJobs", _readablePrefixes));
        Reducer.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "SignReports",
            Actions = ["kms:Sign", "kms:GetPublicKey"],
            Resources = [SigningKey.KeyArn],
        }));
    }

    private PolicyStatement ObjectAccess(string sid, string[] actions, params string[] keyPatterns) => new(new PolicyStatementProps
    {
        Sid = sid,
        Actions = actions,
        Resources = [.. keyPatterns.Select(Bucket.ArnForObjects)],
    });

    private PolicyStatement ListPrefixes(string sid, params string[] prefixes) => new(new PolicyStatementProps
    {
        Sid = sid,
        Actions = ["s3:ListBucket"],
        Resources = [Bucket.BucketArn],
        Conditions = new Dictionary<string, object>
        {
            ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = prefixes },
        },
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

    /// <summary>How often the janitor runs.</summary>
    public const string JanitorSchedule = "rate(1 hour)";

    // StopExecution, the execution's TimeoutSeconds and States.DataLimitExceeded end a run without any Catch: Step
    // Functions' status-change event (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html, read
    // 2026-12-01) is the documented hook. The run id is the execution name ($$.Execution.Name in the ASL). The Cleaner
    // is idempotent, so a FAILED run whose in-workflow Cleaner already ran is cleaned twice, harmlessly.
    private Rule CreateRunEndedRule() => new(this, "CleanUpEndedRuns", new RuleProps
    {
        Description = "Runs Tuner's Cleaner for every execution that ends ABORTED, TIMED_OUT or FAILED",
        EventPattern = new EventPattern
        {
            Source = ["aws.states"],
            DetailType = ["Step Functions Execution Status Change"],
            Detail = new Dictionary<string, object>
            {
                ["stateMachineArn"] = new[] { StateMachine.StateMachineArn },
                ["status"] = _endedStatuses,
            },
        },
        Targets =
        [
            new LambdaFunction(Cleaner.Function, new LambdaFunctionProps
            {
                Event = RuleTargetInput.FromObject(new Dictionary<string, object>
                {
                    ["runId"] = EventField.FromPath("$.detail.name"),
                    ["outcome"] = EventField.FromPath("$.detail.status"),
                }),
                RetryAttempts = 8,
                MaxEventAge = Duration.Hours(12),
            }),
        ],
    });

    private TunerFunction CreateJanitor(TunerSettings settings)
    {
        var janitor = new TunerFunction(this, TunerFunctions.Janitor.Name, new TunerFunctionProps(
            TunerFunctions.Janitor.Handler,
            settings.FunctionsCodeDirectory,
            "Tuner janitor: deletes the versions of ended runs",
            TunerFunctions.Janitor.MemoryMb,
            TunerFunctions.Janitor.TimeoutSeconds(_ => null),
            new Dictionary<string, string>
            {
                [TunerEnvironment.Mode] = "aws",
                [TunerEnvironment.Bucket] = Bucket.BucketName,
                [TunerEnvironment.StateMachineArn] = StateMachine.StateMachineArn,
                [TunerEnvironment.ControlPlaneRequestsPerSecond] = settings.ControlPlaneRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            settings.LogRetentionDays));
        var tuning = new TuningAccess(this, settings.AllowedFunctionArns);
        foreach (var statement in tuning.SweepStatements().Concat(tuning.OwnFunctionDenies()))
        {
            janitor.Role.AddToPolicy(statement);
        }

        Amazon.CDK.Tags.Of(janitor.Function).Add(TunerFunctions.ComponentTagKey, TunerFunctions.Janitor.Name);

        janitor.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "ListRunsOfTheStateMachine",
            Actions = ["states:ListExecutions"],
            Resources = [StateMachine.StateMachineArn],
        }));
        janitor.Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "DescribeRunsOfTheStateMachine",
            Actions = ["states:DescribeExecution"],
            Resources = [ExecutionsArnPattern],
        }));
        janitor.Role.AddToPolicy(ObjectAccess("ReadPlans", ["s3:GetObject"], BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile)));
        janitor.Role.AddToPolicy(ListPrefixes("ListRuns", BucketKeys.Patterns.EveryRun));
        _ = new Rule(this, "JanitorSchedule", new RuleProps
        {
            Description = "Tuner janitor: deletes the versions of ended runs that no Cleaner removed",
            Schedule = Schedule.Expression(JanitorSchedule),
            Targets = [new LambdaFunction(janitor.Function)],
        });
        return janitor;
    }

    private void AddSchedule(ScheduledJob job, string repositoryRoot)
    {
        var request = RequestInput.Load(Path.Combine(repositoryRoot, job.RequestFile));
        _ = new Rule(this, "Schedule-" + job.Name, new RuleProps
        {
            Description = $"Tuner job '{job.Name}' ({job.RequestFile})",
            Schedule = Schedule.Expression(job.ScheduleExpression),
            Targets = [new SfnStateMachine(StateMachine, new SfnStateMachineProps { Input = RuleTargetInput.FromObject(request) })],
        });
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
