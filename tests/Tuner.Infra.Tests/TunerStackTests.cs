using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Tuner.Contracts;
using Tuner.Infra.Tests.TestHelpers;
using static Tuner.Infra.Tests.TestHelpers.TemplateJson;

namespace Tuner.Infra.Tests;

[Collection(CdkCollection.Name)]
public sealed class TunerStackTests
{
    private const string Planner = "Tuner.Functions::Tuner.Functions.Planner::Handle";
    private const string Narrower = "Tuner.Functions::Tuner.Functions.Narrower::Handle";
    private const string Executor = "Tuner.Functions::Tuner.Functions.Executor::Handle";
    private const string Reducer = "Tuner.Functions::Tuner.Functions.Reducer::Handle";
    private const string Cleaner = "Tuner.Functions::Tuner.Functions.Cleaner::Handle";
    private const string Janitor = "Tuner.Functions::Tuner.Functions.Janitor::Handle";
    private const string Workload = "Tuner.Workload::Tuner.Workload.Ingest::Handle";

    private readonly StackFactory.Synthesized _stack;

    public TunerStackTests(CdkFixture fixture) => _stack = fixture.Default;

    private static Dictionary<string, object> Props(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);

    [Theory]
    [InlineData(Planner)]
    [InlineData(Narrower)]
    [InlineData(Executor)]
    [InlineData(Reducer)]
    [InlineData(Cleaner)]
    [InlineData(Janitor)]
    [InlineData(Workload)]
    public void Functions_EachHandler_Dotnet10OnArm64WithJsonLogsAndOwnLogGroup(string handler)
    {
        _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(
            ("Handler", handler),
            ("Runtime", "dotnet10"),
            ("Architectures", new object[] { "arm64" }),
            ("LoggingConfig", Match.ObjectLike(Props(("LogFormat", "JSON"), ("LogGroup", Match.ObjectLike(Props(("Ref", Match.AnyValue())))))))));
    }

    [Theory]
    [InlineData(Planner, 900)]
    [InlineData(Narrower, 300)]
    [InlineData(Executor, 900)]
    [InlineData(Reducer, 300)]
    [InlineData(Cleaner, 600)]
    [InlineData(Workload, 60)]
    public void Functions_Timeout_EqualsTheTaskTimeoutOfItsState(string handler, int seconds)
    {
        _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(("Handler", handler), ("Timeout", seconds)));
    }

    /// <summary>The report signing key (the other key, BaselinesKey, is symmetric).</summary>
    private (string Id, JsonObject Resource) SigningKey() => SigningKeyCalled("Tuner report signatures (ECDSA_SHA_256)");

    private (string Id, JsonObject Resource) CleanupSigningKey() => SigningKeyCalled("Tuner cleanup-record signatures (ECDSA_SHA_256)");

    private (string Id, JsonObject Resource) SigningKeyCalled(string description) =>
        Resources(_stack.Json, "AWS::KMS::Key").Single(r => (string?)r.Resource["Properties"]!["KeySpec"] == "ECC_NIST_P256" && (string?)r.Resource["Properties"]!["Description"] == description);

    [Fact]
    public void Functions_All_ExactlySevenAndEveryLogGroupHasRetention()
    {
        _stack.Template.ResourceCountIs("AWS::Lambda::Function", 7);
        var logGroups = Resources(_stack.Json, "AWS::Logs::LogGroup").ToList();
        Assert.Equal(8, logGroups.Count); // seven functions + the state machine
        Assert.All(logGroups, g => Assert.Equal(30, (int)g.Resource["Properties"]!["RetentionInDays"]!));
    }

    [Fact]
    public void Functions_Environment_NamesBucketKeyTableAndAllowList()
    {
        var bucket = Resources(_stack.Json, "AWS::S3::Bucket").Single().Id;
        var key = SigningKey().Id;
        var table = Resources(_stack.Json, "AWS::DynamoDB::Table").Single().Id;
        var bucketRef = Props(("Ref", bucket));
        foreach (var handler in new[] { Planner, Cleaner })
        {
            _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(("Handler", handler), ("Environment", Props(("Variables", Props(
                ("TUNER_MODE", "aws"), ("TUNER_BUCKET", bucketRef), ("TUNER_ALLOWED_FUNCTIONS", string.Empty)))))));
        }

        _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(("Handler", Reducer), ("Environment", Props(("Variables", Props(
            ("TUNER_MODE", "aws"), ("TUNER_BUCKET", bucketRef), ("TUNER_SIGNING_KEY_ID", Props(("Fn::GetAtt", new object[] { key, "Arn" })))))))));
        foreach (var handler in new[] { Narrower, Executor })
        {
            _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(("Handler", handler), ("Environment", Props(("Variables", Props(
                ("TUNER_MODE", "aws"), ("TUNER_BUCKET", bucketRef)))))));
        }
        _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(("Handler", Workload), ("Environment", Props(("Variables", Props(
            ("TUNER_MODE", "aws"), ("TUNER_TABLE_NAME", Props(("Ref", table)))))))));
    }

    [Fact]
    public void Executor_Environment_SetsItsDeadlineFromItsTaskTimeoutAndThePlannerTheSame()
    {
        var executor = _stack.Json["Resources"]![FunctionId(_stack.Json, Executor)]!["Properties"]!;
        var timeout = (int)executor["Timeout"]!;
        var seconds = (string?)executor["Environment"]!["Variables"]![TunerEnvironment.ExecutorSeconds];
        // 900 s of Task timeout: 600 s of invoking, 300 s for the waves in flight and the sample writes.
        Assert.Equal(900, timeout);
        Assert.Equal("600", seconds);
        Assert.Equal(timeout - TunerFunctions.ExecutorDeadlineMarginSeconds, int.Parse(seconds!, System.Globalization.CultureInfo.InvariantCulture));
        // The Planner refuses a target whose timeout is longer than this same deadline.
        var planner = _stack.Json["Resources"]![FunctionId(_stack.Json, Planner)]!["Properties"]!["Environment"]!["Variables"]!;
        Assert.Equal(seconds, (string?)planner[TunerEnvironment.ExecutorSeconds]);
    }

    [Fact]
    public void Workload_Tags_AllowTuningSoTheWeeklyJobCanTuneIt()
    {
        _stack.Template.HasResourceProperties("AWS::Lambda::Function", Props(
            ("Handler", Workload),
            ("FunctionName", TunerStack.WorkloadFunctionName),
            ("Tags", Match.ArrayWith([Props(("Key", "tuner:allow"), ("Value", "true"))]))));
    }

    [Fact]
    public void StateMachine_Definition_InlinedStandardWithAllLoggingAndTracing()
    {
        var logGroup = new Capture();
        _stack.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", Props(
            ("StateMachineType", "STANDARD"),
            ("DefinitionString", File.ReadAllText(StackFactory.TestAsl)),
            ("TracingConfiguration", Props(("Enabled", true))),
            ("LoggingConfiguration", Props(
                ("Level", "ALL"),
                ("IncludeExecutionData", true),
                ("Destinations", new object[] { Props(("CloudWatchLogsLogGroup", Props(("LogGroupArn", Props(("Fn::GetAtt", new object[] { logGroup, "Arn" })))))) })))));
        Assert.StartsWith("StateMachineLogs", logGroup.AsString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PlannerFunctionArn", Planner)]
    [InlineData("NarrowerFunctionArn", Narrower)]
    [InlineData("ExecutorFunctionArn", Executor)]
    [InlineData("ReducerFunctionArn", Reducer)]
    [InlineData("CleanerFunctionArn", Cleaner)]
    public void StateMachine_Placeholder_ResolvesToItsFunctionArn(string placeholder, string handler)
    {
        var function = new Capture();
        _stack.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", Props(
            ("DefinitionSubstitutions", Match.ObjectLike(Props((placeholder, Props(("Fn::GetAtt", new object[] { function, "Arn" }))))))));
        Assert.Equal(FunctionId(_stack.Json, handler), function.AsString());
    }

    [Fact]
    public void StateMachine_Substitutions_ExactlyThePlaceholdersOfTheFile()
    {
        var machine = Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource;
        var keys = machine["Properties"]!["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).Order();
        Assert.Equal(["CleanerFunctionArn", "ExecutorFunctionArn", "NarrowerFunctionArn", "PlannerFunctionArn", "ReducerFunctionArn"], keys);
    }

    [Fact]
    public void StateMachine_Role_MayInvokeOnlyTheFiveStateFunctions()
    {
        var role = (string)Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource["Properties"]!["RoleArn"]!["Fn::GetAtt"]![0]!;
        var invoke = StatementsOfRole(_stack.Json, role).Where(s => Actions(s).Contains("lambda:InvokeFunction")).ToList();
        var resources = invoke.SelectMany(s => s["Resource"]!.AsArray()).Select(r => r!.ToJsonString()).ToList();
        foreach (var handler in new[] { Planner, Narrower, Executor, Reducer, Cleaner })
        {
            var id = FunctionId(_stack.Json, handler);
            Assert.Contains(resources, r => r.Contains($"\"{id}\"", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(resources, r => r.Contains(FunctionId(_stack.Json, Workload), StringComparison.Ordinal));
    }

    [Fact]
    public void Schedule_WeeklyJob_CronAndRequestFileAsInput()
    {
        var input = new Capture();
        var target = new Capture();
        _stack.Template.HasResourceProperties("AWS::Events::Rule", Props(
            ("ScheduleExpression", "cron(0 3 ? * MON *)"),
            ("State", "ENABLED"),
            ("Targets", new object[] { Match.ObjectLike(Props(("Arn", Props(("Ref", target))), ("Input", input), ("RoleArn", Match.AnyValue()))) })));
        Assert.Equal(Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Id, target.AsString());
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraEnvironment.RepositoryRoot, "infra/jobs/reference-weekly.json")));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(input.AsString())), input.AsString());
    }

    [Fact]
    public void Schedule_RuleRole_MayOnlyStartThisStateMachine()
    {
        var rule = Resources(_stack.Json, "AWS::Events::Rule").Single(r => ((string?)r.Resource["Properties"]!["ScheduleExpression"])?.StartsWith("cron(", StringComparison.Ordinal) == true).Resource;
        var role = (string)rule["Properties"]!["Targets"]![0]!["RoleArn"]!["Fn::GetAtt"]![0]!;
        var statement = Assert.Single(StatementsOfRole(_stack.Json, role));
        Assert.Equal(["states:StartExecution"], Actions(statement));
        Assert.Equal(Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Id, (string)statement["Resource"]!["Ref"]!);
    }

    [Fact]
    public void RunEndedRule_AbortedTimedOutOrFailedExecutionOfTheStateMachine_InvokesTheCleanerWithTheExecutionName()
    {
        var machine = Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Id;
        var (_, rule) = Assert.Single(Resources(_stack.Json, "AWS::Events::Rule"), r => r.Resource["Properties"]!["EventPattern"] is not null);
        var properties = rule["Properties"]!;
        var pattern = properties["EventPattern"]!;

        Assert.Equal(["aws.states"], Strings(pattern["source"]));
        Assert.Equal(["Step Functions Execution Status Change"], Strings(pattern["detail-type"]));
        Assert.Equal(["ABORTED", "TIMED_OUT", "FAILED"], Strings(pattern["detail"]!["status"]));
        Assert.Equal("Runs Tuner's Cleaner for every execution that ends ABORTED, TIMED_OUT or FAILED", (string?)properties["Description"]);
        Assert.Equal(machine, (string?)Assert.Single(pattern["detail"]!["stateMachineArn"]!.AsArray())!["Ref"]);
        var target = Assert.Single(properties["Targets"]!.AsArray())!;
        Assert.Equal(FunctionId(_stack.Json, Cleaner), (string?)target["Arn"]!["Fn::GetAtt"]![0]);
        var transformer = target["InputTransformer"]!;
        Assert.Equal("$.detail.name", (string?)transformer["InputPathsMap"]!["detail-name"]);
        Assert.Equal("$.detail.status", (string?)transformer["InputPathsMap"]!["detail-status"]);
        var input = (string)transformer["InputTemplate"]!;
        Assert.Contains("\"runId\":<detail-name>", input, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":<detail-status>", input, StringComparison.Ordinal);
        Assert.True((int)target["RetryPolicy"]!["MaximumRetryAttempts"]! > 0);
        _stack.Template.HasResourceProperties("AWS::Lambda::Permission", Props(
            ("Action", "lambda:InvokeFunction"),
            ("Principal", "events.amazonaws.com"),
            ("FunctionName", Props(("Fn::GetAtt", new object[] { FunctionId(_stack.Json, Cleaner), "Arn" })))));
    }

    [Fact]
    public void Janitor_Schedule_HourlyWithTheStateMachineToAsk()
    {
        var janitor = FunctionId(_stack.Json, Janitor);
        var machine = Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Id;

        var (_, rule) = Assert.Single(Resources(_stack.Json, "AWS::Events::Rule"), r => (string?)r.Resource["Properties"]!["ScheduleExpression"] == "rate(1 hour)");

        Assert.Equal(janitor, (string?)Assert.Single(rule["Properties"]!["Targets"]!.AsArray())!["Arn"]!["Fn::GetAtt"]![0]);
        var variables = _stack.Json["Resources"]![janitor]!["Properties"]!["Environment"]!["Variables"]!;
        Assert.Equal(machine, (string?)variables["TUNER_STATE_MACHINE_ARN"]!["Ref"]);
        Assert.NotNull(variables["TUNER_BUCKET"]);
    }

    [Fact]
    public void Janitor_Policy_ListsAndDeletesVersionsOfTaggedFunctionsAndAsksOnlyItsStateMachine()
    {
        var statements = StatementsOfRole(_stack.Json, RoleOf(_stack.Json, FunctionId(_stack.Json, Janitor)));

        // The Denies of Tuner's own functions are tested in TuningAccessTests.
        var lambda = statements.Where(s => (string?)s["Effect"] == "Allow" && Actions(s).Any(a => a.StartsWith("lambda:", StringComparison.Ordinal))).ToList();
        Assert.Equal(["lambda:DeleteFunction", "lambda:ListVersionsByFunction"], lambda.SelectMany(Actions).Distinct().Order());
        Assert.All(lambda, s => Assert.Equal("true", (string?)s["Condition"]?["StringEquals"]?["aws:ResourceTag/tuner:allow"]));
        var delete = Assert.Single(lambda, s => Actions(s).Contains("lambda:DeleteFunction"));
        Assert.All(Strings(delete["Resource"]), r => Assert.EndsWith(":function:*:*\"]]}", r, StringComparison.Ordinal));
        var states = statements.Where(s => Actions(s).Any(a => a.StartsWith("states:", StringComparison.Ordinal))).ToList();
        Assert.Equal(["states:DescribeExecution", "states:ListExecutions"], states.SelectMany(Actions).Order());
        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a is "s3:PutObject" or "s3:DeleteObject" || a.StartsWith("kms:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bucket_Properties_PrivateEncryptedVersionedWithLifecycle()
    {
        _stack.Template.HasResourceProperties("AWS::S3::Bucket", Props(
            ("PublicAccessBlockConfiguration", Props(("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true))),
            ("BucketEncryption", Props(("ServerSideEncryptionConfiguration", new object[] { Props(("ServerSideEncryptionByDefault", Props(("SSEAlgorithm", "AES256")))) }))),
            ("VersioningConfiguration", Props(("Status", "Enabled"))),
            ("OwnershipControls", Props(("Rules", new object[] { Props(("ObjectOwnership", "BucketOwnerEnforced")) }))),
            ("LifecycleConfiguration", Props(("Rules", Match.ArrayWith([
                Match.ObjectLike(Props(("Id", "ExpireSamples"), ("Status", "Enabled"), ("ExpirationInDays", 30), ("TagFilters", new object[] { Props(("Key", "tuner:data"), ("Value", "sample")) }))),
                Match.ObjectLike(Props(("Id", "ExpireOldVersions"), ("Status", "Enabled"), ("NoncurrentVersionExpiration", Props(("NoncurrentDays", 90))))),
            ]))))));
        _stack.Template.HasResource("AWS::S3::Bucket", Props(("DeletionPolicy", "Retain")));
    }

    [Fact]
    public void Bucket_Lifecycle_NoRuleExpiresReports()
    {
        var rules = Resources(_stack.Json, "AWS::S3::Bucket").Single().Resource["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray();
        Assert.All(rules, r => Assert.True(r!["ExpirationInDays"] is null || r["TagFilters"] is not null, r!.ToJsonString()));
    }

    [Fact]
    public void BucketPolicy_Statements_DenyInsecureTransportAndNoWildcardAllow()
    {
        _stack.Template.HasResourceProperties("AWS::S3::BucketPolicy", Props(("PolicyDocument", Match.ObjectLike(Props(("Statement", Match.ArrayWith([
            Match.ObjectLike(Props(("Effect", "Deny"), ("Action", "s3:*"), ("Condition", Props(("Bool", Props(("aws:SecureTransport", "false"))))))),
            Match.ObjectLike(Props(("Effect", "Deny"), ("Condition", Props(("NumericLessThan", Props(("s3:TlsVersion", 1.2))))))),
        ])))))));
        var statements = Resources(_stack.Json, "AWS::S3::BucketPolicy").SelectMany(p => Statements(p.Resource["Properties"]!["PolicyDocument"]!));
        Assert.All(statements, s => Assert.Equal("Deny", (string?)s["Effect"]));
    }

    [Fact]
    public void Table_Properties_OnDemandWithPointInTimeRecovery()
    {
        _stack.Template.HasResourceProperties("AWS::DynamoDB::Table", Props(
            ("BillingMode", "PAY_PER_REQUEST"),
            ("PointInTimeRecoverySpecification", Props(("PointInTimeRecoveryEnabled", true))),
            ("KeySchema", new object[] { Props(("AttributeName", "pk"), ("KeyType", "HASH")) })));
    }

    [Fact]
    public void Workload_Role_WritesOnlyToItsTable()
    {
        var role = RoleOf(_stack.Json, FunctionId(_stack.Json, Workload));
        var table = Resources(_stack.Json, "AWS::DynamoDB::Table").Single().Id;
        var dynamo = StatementsOfRole(_stack.Json, role).Where(s => Actions(s).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(dynamo);
        Assert.All(dynamo, s => Assert.Contains(table, s["Resource"]!.ToJsonString(), StringComparison.Ordinal));
        Assert.Contains(dynamo, s => Actions(s).Contains("dynamodb:BatchWriteItem"));
    }

    [Fact]
    public void SigningKey_Properties_EccP256ForSignVerifyRetained()
    {
        _stack.Template.HasResourceProperties("AWS::KMS::Key", Props(("KeySpec", "ECC_NIST_P256"), ("KeyUsage", "SIGN_VERIFY")));
        _stack.Template.HasResource("AWS::KMS::Key", Props(("DeletionPolicy", "Retain")));
    }

    [Theory]
    [InlineData(Reducer)]
    [InlineData(Cleaner)]
    public void SigningKeys_Policy_OnlyTheirOwnRoleMaySign(string handler)
    {
        var key = (handler == Reducer ? SigningKey() : CleanupSigningKey()).Resource;
        Assert.Equal("Retain", (string?)key["DeletionPolicy"]);
        var statements = Statements(key["Properties"]!["KeyPolicy"]!).ToList();
        var signerRole = RoleOf(_stack.Json, FunctionId(_stack.Json, handler));
        var signers = statements.Where(s => Actions(s).Contains("kms:Sign")).ToList();
        var signer = Assert.Single(signers);
        Assert.Equal(signerRole, (string)signer["Principal"]!["AWS"]!["Fn::GetAtt"]![0]!);
        Assert.All(statements, s => Assert.DoesNotContain(Actions(s), a => a.Contains('*', StringComparison.Ordinal)));
        Assert.Contains(statements, s => Actions(s).Contains("kms:GetPublicKey") && s["Principal"]!.ToJsonString().Contains(":root", StringComparison.Ordinal));
    }

    [Fact]
    public void Iam_EveryStatement_NoWildcardAction()
    {
        var statements = AllIamStatements(_stack.Json);
        Assert.NotEmpty(statements);
        foreach (var (id, statement) in statements)
        {
            Assert.All(Actions(statement), a => Assert.False(a.Contains('*', StringComparison.Ordinal), $"{id}: action {a}"));
            Assert.Null(statement["NotAction"]);
        }
    }

    [Fact]
    public void Iam_StarResource_OnlyForActionsAwsCannotScope()
    {
        // X-Ray segment upload and CloudWatch Logs delivery setup (what Step Functions logging/tracing needs) accept
        // no resource ARN; everything else must name its resources.
        string[] unscopable =
        [
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ];
        foreach (var (id, statement) in AllIamStatements(_stack.Json))
        {
            if (Strings(statement["Resource"]).Contains("*"))
            {
                Assert.All(Actions(statement), a => Assert.Contains(a, unscopable));
            }
        }
    }

    [Theory]
    [InlineData(Planner)]
    [InlineData(Cleaner)]
    public void PlannerAndCleaner_Policy_ChangeOnlyTaggedFunctionsAndDeleteOnlyVersions(string handler)
    {
        var role = RoleOf(_stack.Json, FunctionId(_stack.Json, handler));
        // The Denies of Tuner's own functions are tested in TuningAccessTests.
        var statements = StatementsOfRole(_stack.Json, role).Where(s => (string?)s["Effect"] == "Allow" && Actions(s).Any(a => a.StartsWith("lambda:", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.Equal("true", (string?)s["Condition"]?["StringEquals"]?["aws:ResourceTag/tuner:allow"]));
        var actions = statements.SelectMany(Actions).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "lambda:GetFunctionConfiguration", "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "lambda:DeleteFunction",
            "lambda:CreateAlias", "lambda:DeleteAlias", "lambda:ListTags", "lambda:ListVersionsByFunction", "lambda:GetFunction",
        }, actions);
        Assert.DoesNotContain("lambda:InvokeFunction", actions);
        Assert.DoesNotContain("lambda:TagResource", actions);
        var delete = Assert.Single(statements, s => Actions(s).Contains("lambda:DeleteFunction"));
        Assert.Equal(["lambda:DeleteFunction"], Actions(delete));
        Assert.All(Strings(delete["Resource"]), r => Assert.EndsWith(":function:*:*\"]]}", r, StringComparison.Ordinal));
        var all = StatementsOfRole(_stack.Json, role);
        // The Planner uses no KMS key by its role; the Cleaner signs its cleanup record with its own key and no other.
        var kms = all.Where(s => Actions(s).Any(a => a.StartsWith("kms:", StringComparison.Ordinal))).ToList();
        if (handler == Planner)
        {
            Assert.Empty(kms);
        }
        else
        {
            var sign = Assert.Single(kms);
            Assert.Equal(["kms:GetPublicKey", "kms:Sign"], Actions(sign).Order(StringComparer.Ordinal));
            Assert.Equal(CleanupSigningKey().Id, (string)sign["Resource"]!["Fn::GetAtt"]![0]!);
        }

        // Besides plan.json itself and the run's end marker, only the listing that makes S3 answer a missing plan.json with
        // 404 (tested below); the leases are tested on their own (Leases_OnlyPlannerAndCleanerTouchLocks…).
        var runs = all.Where(s => (string?)s["Sid"] is not ("AcquireLeases" or "ReleaseLeases" or "ListLeases" or "WriteBaselines" or "ReadBaselines" or "RecordCleanup" or "SignCleanupRecords")).ToList();
        Assert.Equal(3, runs.Count(s => Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal))));
        var s3 = Assert.Single(runs, s => Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal) && a != "s3:ListBucket")
            && Strings(s["Resource"]).All(r => r.EndsWith("/runs/*/plan.json\"]]}", StringComparison.Ordinal)));
        Assert.Equal(handler == Planner ? ["s3:GetObject", "s3:PutObject"] : ["s3:GetObject"], Actions(s3).Order());
        // The Cleaner writes ended.json, the Planner only reads it.
        var ended = Assert.Single(all, s => Strings(s["Resource"]).Any(r => r.EndsWith("/runs/*/ended.json\"]]}", StringComparison.Ordinal)));
        Assert.Equal(handler == Planner ? ["s3:GetObject"] : ["s3:PutObject"], Actions(ended));
        Assert.Single(Strings(ended["Resource"]));
        // Only the Cleaner writes cleanup.json, its signature and its rendering cleanup.html, and nothing else with that statement.
        var cleanup = all.Where(s => Strings(s["Resource"]).Any(r => r.EndsWith("/runs/*/cleanup.json\"]]}", StringComparison.Ordinal))).ToList();
        if (handler == Planner)
        {
            Assert.Empty(cleanup);
        }
        else
        {
            var record = Assert.Single(cleanup);
            Assert.Equal(["s3:PutObject"], Actions(record));
            Assert.Equal(["/runs/*/cleanup.html", "/runs/*/cleanup.json", "/runs/*/cleanup.sig.json"], Strings(record["Resource"]).Select(r => r[(r.LastIndexOf(",\"", StringComparison.Ordinal) + 2)..^4]).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Leases_OnlyPlannerAndCleanerTouchLocksAndOnlyThePlannerWritesThem()
    {
        static List<JsonObject> LockStatements(JsonObject template, string handler) =>
            StatementsOfRole(template, RoleOf(template, FunctionId(template, handler)))
                .Where(s => Strings(s["Resource"]).Any(r => r.Contains("/locks/", StringComparison.Ordinal))
                    || (s["Condition"]?.ToJsonString().Contains("locks/", StringComparison.Ordinal) ?? false))
                .ToList();

        var planner = LockStatements(_stack.Json, Planner);
        var acquire = Assert.Single(planner, s => (string?)s["Sid"] == "AcquireLeases");
        Assert.Equal(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], Actions(acquire).Order());
        Assert.EndsWith("/locks/*\"]]}", Assert.Single(Strings(acquire["Resource"])), StringComparison.Ordinal);
        var cleaner = LockStatements(_stack.Json, Cleaner);
        var release = Assert.Single(cleaner, s => (string?)s["Sid"] == "ReleaseLeases");
        Assert.Equal(["s3:DeleteObject", "s3:GetObject"], Actions(release).Order());
        Assert.EndsWith("/locks/*\"]]}", Assert.Single(Strings(release["Resource"])), StringComparison.Ordinal);
        foreach (var holder in new[] { planner, cleaner })
        {
            var list = Assert.Single(holder, s => (string?)s["Sid"] == "ListLeases");
            Assert.Equal(["s3:ListBucket"], Actions(list));
            Assert.Equal(["locks/*"], Strings(list["Condition"]!["StringLike"]!["s3:prefix"]));
        }

        Assert.All(new[] { Narrower, Executor, Reducer, "Tuner.Workload::Tuner.Workload.Ingest::Handle" }
            .Where(h => Resources(_stack.Json, "AWS::Lambda::Function").Any(r => (string?)r.Resource["Properties"]!["Handler"] == h)),
            h => Assert.Empty(LockStatements(_stack.Json, h)));
    }

    [Fact]
    public void Planner_Policy_DescribesOnlyThisStateMachinesExecutions()
    {
        var machine = Resources(_stack.Json, "AWS::StepFunctions::StateMachine").Single().Resource;
        var name = (string)machine["Properties"]!["StateMachineName"]!;
        var statements = StatementsOfRole(_stack.Json, RoleOf(_stack.Json, FunctionId(_stack.Json, Planner)));

        var describe = Assert.Single(statements, s => Actions(s).Any(a => a.StartsWith("states:", StringComparison.Ordinal)));

        Assert.EndsWith("-tuner", name, StringComparison.Ordinal);
        Assert.Equal(["states:DescribeExecution"], Actions(describe));
        Assert.Contains($":execution:{name}:*", Assert.Single(Strings(describe["Resource"])), StringComparison.Ordinal);
        Assert.All(new[] { Narrower, Executor, Reducer, Cleaner }, h => Assert.DoesNotContain(
            StatementsOfRole(_stack.Json, RoleOf(_stack.Json, FunctionId(_stack.Json, h))),
            s => Actions(s).Contains("states:DescribeExecution")));
    }

    [Fact]
    public void Executor_Policy_InvokesTaggedFunctionsAndWritesOnlySamplesAndUnitSummaries()
    {
        var role = RoleOf(_stack.Json, FunctionId(_stack.Json, Executor));
        var statements = StatementsOfRole(_stack.Json, role);
        var lambda = statements.Where(s => (string?)s["Effect"] == "Allow" && Actions(s).Any(a => a.StartsWith("lambda:", StringComparison.Ordinal))).ToList();
        var invoke = Assert.Single(lambda);
        Assert.Equal(["lambda:InvokeFunction"], Actions(invoke));
        Assert.Equal("true", (string?)invoke["Condition"]!["StringEquals"]!["aws:ResourceTag/tuner:allow"]);
        var s3 = statements.Where(s => Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal))).ToList();
        Assert.Equal(3, s3.Count);
        var summaries = Assert.Single(s3, s => (string?)s["Sid"] == "WriteUnitSummaries");
        Assert.Equal(["s3:PutObject"], Actions(summaries));
        Assert.EndsWith("/runs/*/steps/*\"]]}", Assert.Single(Strings(summaries["Resource"])), StringComparison.Ordinal);
        var samples = Assert.Single(s3, s => (string?)s["Sid"] == "WriteSamples");
        Assert.Equal(["s3:PutObject", "s3:PutObjectTagging"], Actions(samples));
        Assert.EndsWith("/runs/*/samples/*\"]]}", Assert.Single(Strings(samples["Resource"])), StringComparison.Ordinal);
        var plan = Assert.Single(s3, s => (string?)s["Sid"] == "ReadPlans");
        Assert.Equal(["s3:GetObject"], Actions(plan));
        Assert.EndsWith("/runs/*/plan.json\"]]}", Assert.Single(Strings(plan["Resource"])), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a.StartsWith("kms:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Narrower_Policy_ReadsAndListsRunsAndWritesOnlyStages()
    {
        var statements = StatementsOfRole(_stack.Json, RoleOf(_stack.Json, FunctionId(_stack.Json, Narrower)));

        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a.StartsWith("lambda:", StringComparison.Ordinal) || a.StartsWith("kms:", StringComparison.Ordinal)));
        var s3 = statements.Where(s => Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal))).ToList();
        Assert.Equal(3, s3.Count);
        var read = Assert.Single(s3, s => Actions(s).Contains("s3:GetObject"));
        Assert.Equal(["s3:GetObject"], Actions(read));
        Assert.EndsWith("/runs/*\"]]}", Assert.Single(Strings(read["Resource"])), StringComparison.Ordinal);
        var list = Assert.Single(s3, s => Actions(s).Contains("s3:ListBucket"));
        Assert.Equal(["runs/*"], Strings(list["Condition"]!["StringLike"]!["s3:prefix"]));
        var write = Assert.Single(s3, s => Actions(s).Contains("s3:PutObject"));
        Assert.Equal(["s3:PutObject"], Actions(write));
        Assert.EndsWith("/runs/*/stages.json\"]]}", Assert.Single(Strings(write["Resource"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Planner)]
    [InlineData(Cleaner)]
    public void PlanReaders_ThatExpectAMissingPlan_MayListRunsSoS3Answers404Not403(string handler)
    {
        var statements = StatementsOfRole(_stack.Json, RoleOf(_stack.Json, FunctionId(_stack.Json, handler)));

        var list = Assert.Single(statements, s => Actions(s).Contains("s3:ListBucket") && (string?)s["Sid"] != "ListLeases");
        Assert.Equal(["s3:ListBucket"], Actions(list));
        Assert.Equal(["runs/*"], Strings(list["Condition"]!["StringLike"]!["s3:prefix"]));
        Assert.Contains(statements, s => Actions(s).Contains("s3:GetObject")
            && Strings(s["Resource"]).Single().EndsWith("/runs/*/plan.json\"]]}", StringComparison.Ordinal));
    }

    [Fact]
    public void Reducer_Policy_ItsPrefixesAndSignWithItsKey()
    {
        var role = RoleOf(_stack.Json, FunctionId(_stack.Json, Reducer));
        var key = SigningKey().Id;
        var statements = StatementsOfRole(_stack.Json, role);
        var sign = Assert.Single(statements, s => Actions(s).Contains("kms:Sign"));
        Assert.Equal(key, (string)sign["Resource"]!["Fn::GetAtt"]![0]!);
        var reads = Assert.Single(statements, s => Actions(s).Contains("s3:GetObject"));
        Assert.Equal(["s3:GetObject"], Actions(reads));
        var readable = Strings(reads["Resource"]);
        Assert.Equal(2, readable.Count);
        Assert.Contains(readable, r => r.EndsWith("/runs/*\"]]}", StringComparison.Ordinal));
        Assert.Contains(readable, r => r.EndsWith("/jobs/*\"]]}", StringComparison.Ordinal));
        // Writes only the report files, never plan.json (BucketAccessTests).
        var writes = Assert.Single(statements, s => Actions(s).Contains("s3:PutObject"));
        Assert.Equal(["s3:PutObject"], Actions(writes));
        Assert.Equal(
            ["/jobs/*/latest.json", "/runs/*/report.html", "/runs/*/report.json", "/runs/*/report.sig.json", "/runs/*/samples.csv"],
            Strings(writes["Resource"]).Select(r => r[(r.LastIndexOf(",\"", StringComparison.Ordinal) + 2)..^4]).Order(StringComparer.Ordinal));
        var list = Assert.Single(statements, s => Actions(s).Contains("s3:ListBucket") && (string?)s["Sid"] != "ListLeases");
        Assert.NotNull(list["Condition"]!["StringLike"]!["s3:prefix"]);
        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a.StartsWith("lambda:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Roles_All_NoManagedPoliciesAttached()
    {
        var functionRoles = Resources(_stack.Json, "AWS::Lambda::Function").Select(f => RoleOf(_stack.Json, f.Id)).ToHashSet();
        Assert.Equal(7, functionRoles.Count);
        foreach (var role in functionRoles)
        {
            Assert.Null(_stack.Json["Resources"]![role]!["Properties"]!["ManagedPolicyArns"]);
        }
    }

    [Fact]
    public void ReportReaderPolicy_Statements_ReadReportsAndGetPublicKey()
    {
        var policy = Resources(_stack.Json, "AWS::IAM::ManagedPolicy").Single().Resource;
        var statements = Statements(policy["Properties"]!["PolicyDocument"]!).ToList();
        Assert.Contains(statements, s => Actions(s).Contains("kms:GetPublicKey"));
        Assert.Contains(statements, s => Actions(s).SequenceEqual(["s3:GetObject"]));
        Assert.DoesNotContain(statements, s => Actions(s).Any(a => a is "s3:PutObject" or "kms:Sign"));
        // Readers verify reports and cleanup records, each with the key that alone may sign it.
        var verify = Assert.Single(statements, s => Actions(s).Contains("kms:GetPublicKey"));
        Assert.Equal(
            new[] { SigningKey().Id, CleanupSigningKey().Id }.Order(StringComparer.Ordinal),
            verify["Resource"]!.AsArray().Select(r => (string)r!["Fn::GetAtt"]![0]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cleaner_Environment_SignsWithTheCleanupKeyAndTheReducerWithTheReportKey()
    {
        foreach (var (handler, key) in new[] { (Reducer, SigningKey().Id), (Cleaner, CleanupSigningKey().Id) })
        {
            var variables = _stack.Json["Resources"]![FunctionId(_stack.Json, handler)]!["Properties"]!["Environment"]!["Variables"]!;
            Assert.Equal(key, (string)variables[TunerEnvironment.SigningKeyId]!["Fn::GetAtt"]![0]!);
        }
    }

    [Fact]
    public void Outputs_Stack_StateMachineBucketKeyAndStartCommand()
    {
        _stack.Template.HasOutput(TunerStack.StateMachineArnOutput, Props(("Value", Props(("Ref", Match.StringLikeRegexp("^StateMachine"))))));
        _stack.Template.HasOutput(TunerStack.BucketNameOutput, Props(("Value", Props(("Ref", Match.StringLikeRegexp("^Bucket"))))));
        _stack.Template.HasOutput(TunerStack.SigningKeyIdOutput, Props(("Value", Props(("Ref", Match.StringLikeRegexp("^SigningKey"))))));
        _stack.Template.HasOutput(TunerStack.CleanupSigningKeyIdOutput, Props(("Value", Props(("Ref", Match.StringLikeRegexp("^CleanupSigningKey"))))));
        var command = _stack.Json["Outputs"]![TunerStack.StartCommandOutput]!["Value"]!.ToJsonString();
        Assert.Contains("aws stepfunctions start-execution --state-machine-arn ", command, StringComparison.Ordinal);
        Assert.Contains("--input file://infra/jobs/reference-weekly.json", command, StringComparison.Ordinal);
    }
}
