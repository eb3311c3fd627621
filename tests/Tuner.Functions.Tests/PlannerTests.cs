using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests;

public sealed class PlannerTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();

    private Planner CreatePlanner(string mode = "aws", string allowed = "") =>
        new(_lambda, _store, Requests.Settings(mode, allowed), PricingCatalog.Default, TimeProvider.System);

    [Fact]
    public async Task Handle_ValidRequest_PublishesOneVersionPerCellAndRestoresLatest()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        Assert.Equal(Requests.RunId, output.RunId);
        Assert.Equal("orders", output.Job);
        Assert.Equal("tuner-test", output.Bucket);
        Assert.Equal(5, output.Cells.Count);
        Assert.True(output.Cells[0].IsBaseline);
        Assert.Equal(5, function.Versions.Count);
        Assert.All(function.Versions, v => Assert.True(VersionTag.BelongsTo(v.Description, Requests.RunId)));
        Assert.Equal(output.Cells.Select(c => c.Qualifier).Order(), function.Versions.Select(v => v.Version).Order());
        var m256b10 = Assert.Single(output.Cells, c => c.MemoryMb == 256 && c.BatchSize == 10);
        var version = function.Versions.Single(v => v.Version == m256b10.Qualifier);
        Assert.Equal(256, version.MemorySizeMb);
        Assert.Equal("10", version.Environment["TUNER_DDB_BATCH_SIZE"]);
        Assert.Equal("2", version.Environment["TUNER_DDB_PARALLELISM"]);
        Assert.Equal("events", version.Environment["TABLE"]);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
    }

    [Fact]
    public async Task Handle_RunEndsWhilePublishing_UndoesItsChangesAndStops()
    {
        // A stopped execution does not stop the Planner's invocation: the Cleaner records the end and cleans while it runs.
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var publishes = 0;
        _lambda.AfterPublish = () =>
        {
            if (++publishes == 2)
            {
                _store.Objects[BucketKeys.Ended(Requests.RunId)] = "{}"u8.ToArray();
            }
        };

        var error = await Assert.ThrowsAsync<RunEndedException>(() => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Contains("ended while the Planner was publishing", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, publishes);
        Assert.Empty(function.Versions);
        Assert.Equal(512, function.Latest.MemorySizeMb);
        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "events" }, function.Latest.Environment);
    }

    [Fact]
    public async Task Handle_RunEndedBeforeThePlanWasRecorded_ChangesNothing()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        _store.Objects[BucketKeys.Ended(Requests.RunId)] = "{}"u8.ToArray();

        await Assert.ThrowsAsync<RunEndedException>(() => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
    }

    [Fact]
    public async Task Handle_ColdModeRequest_PublishesOneTaggedVersionPerColdSampleEachWithItsOwnVariable()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Cold(), runId = Requests.RunId });

        // Baseline (512 MB) and 1024 MB, each invocations 3 + confirmInvocations 3 = 6 versions.
        Assert.True(output.Published);
        Assert.Equal(["t0-baseline", "t0-m1024"], output.Cells.Select(c => c.Id));
        Assert.Equal(12, function.Versions.Count);
        Assert.All(function.Versions, v => Assert.True(VersionTag.BelongsTo(v.Description, Requests.RunId)));
        var variables = function.Versions.Select(v => v.Environment[Tuner.Core.Planning.ColdStartVersions.Variable]).ToList();
        Assert.Equal(12, variables.Distinct().Count());
        foreach (var cell in output.Cells)
        {
            var versions = function.Versions.Where(v => v.Description!.StartsWith($"tuner:{Requests.RunId} {cell.Id}.cold", StringComparison.Ordinal)).ToList();
            Assert.Equal(6, versions.Count);
            Assert.All(versions, v => Assert.Equal(cell.MemoryMb, v.MemorySizeMb));
            Assert.Equal(
                Enumerable.Range(1, 6).Select(k => $"{Requests.RunId}/{cell.Id}/{k}"),
                versions.Select(v => v.Environment[Tuner.Core.Planning.ColdStartVersions.Variable]));
            Assert.All(versions, v => Assert.Equal("events", v.Environment["TABLE"]));
        }

        var document = TunerJson.Deserialize<RunDocument>(_store.Objects[BucketKeys.Plan(Requests.RunId)])!;
        Assert.Equal(12, document.Versions.Count);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
    }

    [Fact]
    public async Task Handle_ColdModeAboveTheVersionCeiling_IsRefusedWithItsPathBeforeAnythingChanges()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[1024],"invocations":80,"confirmInvocations":40,"measure":"cold"}]}""");

        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(() => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("targets[0].invocations: cold mode publishes one version per cold sample", error.Message, StringComparison.Ordinal);
        Assert.Empty(function.Versions);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    public async Task Handle_ValidRequest_WritesPlanDocumentWithBaselineAndVersions()
    {
        _lambda.Add("orders-ingest", memoryMb: 512);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        var document = TunerJson.Deserialize<RunDocument>(_store.Objects[BucketKeys.Plan(Requests.RunId)])!;
        Assert.Equal(512, Assert.Single(document.Baselines).MemoryMb);
        Assert.Equal(output.Cells.Count, document.Versions.Count);
        Assert.Equal("orders", document.Request.GetProperty("job").GetString());
        Assert.Equal(2, _store.Writes.Count(k => k == BucketKeys.Plan(Requests.RunId)));
    }

    [Fact]
    public async Task Handle_InvalidRequest_ThrowsInvalidTuningRequestWithEveryProblem()
    {
        _lambda.Add("orders-ingest");
        var request = Requests.Parse("""{"job":"bad job!","targets":[{"function":"orders-ingest","memoryMb":[64, 20000]}]}""");

        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("job", error.Message, StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb[1]", error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
        Assert.Empty(_store.Objects);
    }

    [Fact]
    public async Task Handle_FunctionWithoutAllowTag_ThrowsNotAllowedAndChangesNothing()
    {
        var function = _lambda.Add("payments", allowed: false);

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small("payments"), runId = Requests.RunId }));

        Assert.Contains("tuner:allow", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
        Assert.Empty(_store.Objects);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_KnobNotDeclaredInTheKnobsTag_ThrowsNotAllowedWithItsPathAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest");
        function.Tags["tuner:knobs"] = "CACHE_MB";
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"env":{"CACHE_MB":["64"],"FEATURE_FLAGS":["all"]}}]}""");

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("targets[0].env.FEATURE_FLAGS: not declared in orders-ingest's 'tuner:knobs' tag (it declares CACHE_MB)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("env.CACHE_MB", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_TunersOwnFunctionTaggedAllow_RefusedAndUnchanged()
    {
        // Someone who may tag functions tags the Planner tuner:allow: tuning it would run code as the Planner's role.
        var function = _lambda.Add("Tuner-PlannerFunction-1A2B3C");
        function.Tags["tuner:component"] = "Planner";
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"Tuner-PlannerFunction-1A2B3C","memoryMb":[256]}]}""");

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("targets[0].function: Tuner-PlannerFunction-1A2B3C is Tuner's own Planner function", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_TunersOwnFunctionInTheAllowList_Refused()
    {
        var function = _lambda.Add("tuner-executor", allowed: false);
        function.Tags["tuner:component"] = "Executor";
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"tuner-executor","memoryMb":[256]}]}""");
        var planner = new Planner(_lambda, _store, Requests.Settings() with { AllowedFunctions = new HashSet<string>(["tuner-executor"]) }, Tuner.Core.Pricing.PricingCatalog.Default, TimeProvider.System);

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("is Tuner's own Executor function", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_AllowListedFunctionWithoutKnobsTag_RefusesEnvKnobs()
    {
        var function = _lambda.Add("orders-ingest", allowed: false);
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"env":{"CACHE_MB":["64"]}}]}""");
        var planner = new Planner(_lambda, _store, Requests.Settings() with { AllowedFunctions = new HashSet<string>(["orders-ingest"]) }, Tuner.Core.Pricing.PricingCatalog.Default, TimeProvider.System);

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("targets[0].env.CACHE_MB: not declared in orders-ingest's 'tuner:knobs' tag (the function declares no knobs)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    public async Task Handle_DeclaredKnob_IsPlanned()
    {
        var function = _lambda.Add("orders-ingest");
        function.Tags["tuner:knobs"] = "CACHE_MB LOG_LEVEL";
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"env":{"CACHE_MB":["64","128"]},"dynamoDbBatch":{"batchSize":[10]}}]}""");

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId });

        Assert.True(output.Published);
        Assert.Equal(3, output.Cells.Count);
    }

    [Theory]
    [InlineData("Get")]
    [InlineData("ListTags")]
    public async Task Handle_LambdaApiDeniesAccess_ThrowsNotAllowedNamingFunctionAndChangesNothing(string deniedOperation)
    {
        var allowed = _lambda.Add("orders-ingest");
        var denied = _lambda.Add("payments", allowed: false);
        denied.DeniedOperations.Add(deniedOperation);
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256]},{"function":"payments","memoryMb":[256]}]}""");

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("targets[1].function: payments: access denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", error.Message, StringComparison.Ordinal);
        Assert.Contains("'tuner:allow' = 'true'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allow-list", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("orders-ingest", error.Message, StringComparison.Ordinal);
        Assert.All(new[] { allowed, denied }, f => Assert.Equal(0, f.Updates));
        Assert.All(new[] { allowed, denied }, f => Assert.Empty(f.Versions));
        Assert.DoesNotContain(_lambda.Calls, c => c.StartsWith("Update", StringComparison.Ordinal) || c.StartsWith("Publish", StringComparison.Ordinal));
        Assert.Empty(_store.Objects);
    }

    [Fact]
    public async Task Handle_FunctionInAllowList_IsTunedWithoutTag()
    {
        var function = _lambda.Add("payments", allowed: false);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(
            CreatePlanner(allowed: "other, payments").Handle, new { request = Requests.Small("payments"), runId = Requests.RunId });

        Assert.Equal(5, output.Cells.Count);
        Assert.Equal(5, function.Versions.Count);
    }

    [Fact]
    public async Task Handle_MissingFunction_ThrowsInvalidTuningRequest()
    {
        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small("ghost"), runId = Requests.RunId }));

        Assert.Contains("targets[0].function", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_OverBudget_ThrowsBudgetExceededAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest");
        var request = Requests.Small(extra: ""","budget":{"maxUsd":0.0000001}""");

        var error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("budget.maxUsd", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
    }

    private Planner CreatePlannerWithCeilings(int? invocations = null, decimal? maxUsd = null, decimal? defaultBudget = null) => new(
        _lambda,
        _store,
        Requests.Settings() with { MaxConcurrentInvocations = invocations, MaxRunUsd = maxUsd, DefaultBudgetUsd = defaultBudget },
        PricingCatalog.Default,
        TimeProvider.System);

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_ConcurrencyAboveTheStacksCeiling_RefusedWithItsPathAndChangesNothing()
    {
        // Before: maxConcurrency 40 × concurrency 100 = 4,000 invocations at once, four times the default account limit.
        var function = _lambda.Add("orders-ingest");
        var request = Requests.Parse("""{"job":"orders","targets":[{"function":"orders-ingest","memoryMb":[256],"invocations":100,"concurrency":100}],"maxConcurrency":40}""");

        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlannerWithCeilings(invocations: 200).Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("maxConcurrency: 40 units at once × concurrency 100 is up to 4000 invocations at once, above the stack's 200", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_NoBudgetAndAboveTheStacksDefault_RefusedAsOverBudget()
    {
        // Before: a request without a budget had no limit at all.
        var function = _lambda.Add("orders-ingest");

        var error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlannerWithCeilings(defaultBudget: 0.0000001m).Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Contains("budget.maxUsd: the request sets no budget", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_BudgetAboveTheStacksCeiling_CeilingStillApplies()
    {
        var function = _lambda.Add("orders-ingest");
        var request = Requests.Small(extra: ""","budget":{"maxUsd":100000}""");

        var error = await Assert.ThrowsAsync<BudgetExceededException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlannerWithCeilings(maxUsd: 0.0000001m, defaultBudget: 0.0000001m).Handle, new { request, runId = Requests.RunId }));

        Assert.Contains("above the stack's ceiling", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
    }

    [Fact]
    public async Task Handle_WithinTheStacksCeilings_Plans()
    {
        _lambda.Add("orders-ingest");

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlannerWithCeilings(200, 50, 10).Handle, new { request = Requests.Small(), runId = Requests.RunId });

        Assert.True(output.Published);
    }

    [Fact]
    public async Task Handle_PublishFailsHalfWay_RestoresLatestAndRethrows()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        _lambda.FailPublish = (3, new LambdaApiException("InvalidParameterValueException", 400, "boom"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Equal("InvalidParameterValueException", error.ErrorCode);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
        Assert.Equal(2, function.Versions.Count);
        Assert.True(_store.Objects.ContainsKey(BucketKeys.Plan(Requests.RunId)));
    }

    [Fact]
    public async Task Handle_RetriedAfterAFailureThatLeftLatestChanged_KeepsTheRecordedBaselineAndRestoresIt()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        // The first attempt dies part-way (on AWS, e.g. its sandbox crashing: Lambda.ServiceException, which the
        // Planner state retries with the same input).
        _lambda.FailPublish = (3, new LambdaApiException("InvalidParameterValueException", 400, "boom"));
        await Assert.ThrowsAsync<LambdaApiException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        // As if putting $LATEST back had failed too: the target is left at one of the planned configurations.
        function.Latest = function.Latest with
        {
            MemorySizeMb = 1024,
            Environment = new Dictionary<string, string> { ["TABLE"] = "events", ["TUNER_DDB_BATCH_SIZE"] = "25", ["TUNER_DDB_PARALLELISM"] = "2" },
        };
        _lambda.FailPublish = null;

        // Step Functions retries the Planner state with the same input.
        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        Assert.True(output.Published);
        var recorded = Assert.Single(ReadBaselines());
        Assert.Equal(512, recorded.MemoryMb);
        Assert.Equal(baseline.Environment, recorded.Environment);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
        Assert.Equal(5, output.Cells.Select(c => c.Qualifier).Distinct().Count());
        Assert.Equal(5, function.Versions.Count); // the two versions of the failed attempt were adopted, not published again
    }

    [Fact]
    public async Task Handle_PublishDuringAnotherUpdate_IsRetriedAfterItSettles()
    {
        var function = _lambda.Add("orders-ingest");
        _lambda.FailPublish = (2, new LambdaApiException("ResourceConflictException", 409, "An update is in progress"));

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        Assert.Equal(5, output.Cells.Count);
        Assert.Equal(5, function.Versions.Count);
    }

    [Theory]
    [InlineData(890)]
    [InlineData(861)]
    public async Task Handle_TimeoutLongerThanOneInvocationAnExecutorCanGive_RefusedBeforeAnyChangeWithTheTargetPath(int timeout)
    {
        var function = _lambda.Add("orders-ingest", timeoutSeconds: timeout);

        var error = await Assert.ThrowsAsync<Errors.InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Contains($"targets[0]: orders-ingest has a timeout of {timeout} s, longer than the 860 s an Executor can give one invocation: its 900 s Task timeout less 10 s for its start and 30 s for writing the samples", error.Message, StringComparison.Ordinal);
        Assert.Empty(function.Versions);
        Assert.DoesNotContain(_lambda.Calls, c => c.StartsWith("Update ", StringComparison.Ordinal) || c.StartsWith("Publish ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(700)]
    [InlineData(860)]
    public async Task Handle_TimeoutThatFitsOneInvocationOfAnExecutor_Planned(int timeout)
    {
        // Before: refused above 270 s (a wave started just before the 600 s budget could end past the 900 s Task
        // timeout); the Executor now starts no invocation that could, so only a timeout no invocation fits is refused.
        _lambda.Add("orders-ingest", timeoutSeconds: timeout);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        Assert.NotEmpty(output.Cells);
    }

    [Fact]
    public async Task Handle_ThrottledPublish_IsNotRetriedAgainAboveTheHttpClientAndTheTargetIsRestored()
    {
        var function = _lambda.Add("orders-ingest");
        var baseline = function.Latest;
        _lambda.FailPublish = (2, new LambdaApiException("TooManyRequestsException", 429, "slow down"));

        var error = await Assert.ThrowsAsync<Errors.TransientDependencyException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        // The HTTP client is the one layer that retries throttling; the configurator's retries stacked on it (6 × 5).
        Assert.Equal(2, _lambda.Calls.Count(c => c.StartsWith("Publish ", StringComparison.Ordinal)));
        Assert.Contains("TooManyRequestsException", error.Message, StringComparison.Ordinal);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
    }

    [Theory]
    [InlineData("local", "", 1)]
    [InlineData("local", ""","maxConcurrency":3""", 3)]
    [InlineData("aws", "", 10)]
    public async Task Handle_MaxConcurrency_LocalDefaultsToOneCellAtATime(string mode, string extra, int expected)
    {
        _lambda.Add("orders-ingest");

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(
            CreatePlanner(mode).Handle, new { request = Requests.Small(extra: extra), runId = Requests.RunId });

        Assert.Equal(expected, output.MaxConcurrency);
    }

    [Fact]
    public async Task Handle_MoreCellsThanTheMapCanCarry_ThrowsInvalidTuningRequestAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest");
        _lambda.Add("orders-archive");
        const string Matrix = """
            "memoryMb":[128,256,512,768,1024,1536,1769,2048,3008,4096],"dynamoDbBatch":{"batchSize":[1,5,10,20,25],"parallelism":[1,2,4]}
            """;
        var request = Requests.Parse($$"""
            {"job":"huge","targets":[{"function":"orders-ingest",{{Matrix}}},{"function":"orders-archive",{{Matrix}}}]}
            """);

        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request, runId = Requests.RunId }));

        Assert.Contains(Planner.MaxCells.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, function.Updates);
        Assert.Empty(function.Versions);
    }

    [Fact]
    public async Task Handle_InvalidRunId_ThrowsInvalidStateInput()
    {
        _lambda.Add("orders-ingest");

        await Assert.ThrowsAsync<InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = "../etc" }));
    }

    [Fact]
    public async Task Handle_StateMachineInputShape_IsRead()
    {
        _lambda.Add("orders-ingest");
        var json = $$"""{"request": {{Requests.Small().GetRawText()}}, "runId": "{{Requests.RunId}}"}""";

        var output = await HandlerCall.InvokeRawAsync(CreatePlanner().Handle, json);

        Assert.Equal(5, output.GetProperty("cells").GetArrayLength());
        Assert.Equal(JsonValueKind.String, output.GetProperty("cells")[0].GetProperty("qualifier").ValueKind);
    }

    [Fact]
    public async Task Handle_PublishBudgetRunsOut_StopsUnpublishedWithLatestRestoredAndVersionsSaved()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        var (planner, _) = CreateTimedPlanner(publishSeconds: "25", secondsPerPublish: 10);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });

        // 10 s per version: after the third, 30 s are past the 25 s budget, so the fourth is not started.
        Assert.False(output.Published);
        Assert.Empty(output.Cells);
        Assert.Equal(Requests.RunId, output.RunId);
        Assert.Equal("orders", output.Job);
        Assert.Equal("tuner-test", output.Bucket);
        Assert.Equal(3, function.Versions.Count);
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.TimeoutSeconds, function.Latest.TimeoutSeconds);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
        var document = ReadPlanDocument();
        Assert.NotNull(document.Plan);
        Assert.Equal(function.Versions.Select(v => v.Version).Order(), document.Versions.Values.Order());
        Assert.All(document.Versions, kv => Assert.Equal(VersionTag.Describe(Requests.RunId, kv.Key), function.Versions.Single(v => v.Version == kv.Value).Description));
    }

    [Fact]
    public async Task Handle_Resume_PublishesOnlyMissingVersionsAndMapsEveryCellToItsVersion()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        var (planner, _) = CreateTimedPlanner(publishSeconds: "25", secondsPerPublish: 10);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        var firstVersions = ReadPlanDocument().Versions.ToDictionary();
        var createdAt = ReadPlanDocument().CreatedAt;
        _lambda.Calls.Clear();

        var json = $$"""{"request": {{Requests.Small().GetRawText()}}, "runId": "{{Requests.RunId}}", "resume": true}""";
        var output = TunerJson.Deserialize<PlannerOutput>(
            System.Text.Encoding.UTF8.GetBytes((await HandlerCall.InvokeRawAsync(planner.Handle, json)).GetRawText()))!;

        Assert.True(output.Published);
        Assert.Equal(5, output.Cells.Count);
        Assert.Equal(10, output.MaxConcurrency);
        Assert.Equal(5, function.Versions.Count);
        Assert.Equal(2, _lambda.Calls.Count(c => c.StartsWith("Publish", StringComparison.Ordinal)));
        Assert.DoesNotContain(_lambda.Calls, c => c.StartsWith("ListTags", StringComparison.Ordinal));
        var document = ReadPlanDocument();
        Assert.Equal(createdAt, document.CreatedAt);
        Assert.All(firstVersions, kv => Assert.Equal(kv.Value, document.Versions[kv.Key]));
        foreach (var cell in output.Cells)
        {
            var version = function.Versions.Single(v => v.Version == cell.Qualifier);
            Assert.Equal(cell.MemoryMb, version.MemorySizeMb);
            Assert.Equal(cell.BatchSize?.ToString(System.Globalization.CultureInfo.InvariantCulture), version.Environment.GetValueOrDefault("TUNER_DDB_BATCH_SIZE"));
            Assert.Equal("events", version.Environment["TABLE"]);
        }

        Assert.Equal(output.Cells.Select(c => c.Qualifier).Order(), function.Versions.Select(v => v.Version).Order());
        Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
        Assert.Equal(baseline.Environment, function.Latest.Environment);
    }

    [Fact]
    public async Task Handle_ZeroBudget_PublishesOneVersionPerInvocationUntilDone()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var baseline = function.Latest;
        var (planner, _) = CreateTimedPlanner(publishSeconds: "0", secondsPerPublish: 1);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        var invocations = 1;
        while (!output.Published)
        {
            Assert.Equal(invocations, function.Versions.Count);
            Assert.Equal(baseline.MemorySizeMb, function.Latest.MemorySizeMb);
            Assert.Equal(baseline.Environment, function.Latest.Environment);
            output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true });
            invocations++;
            Assert.True(invocations <= 5, "the loop must end after one invocation per version");
        }

        Assert.Equal(5, invocations);
        Assert.Equal(5, output.Cells.Count);
        Assert.Equal(output.Cells.Select(c => c.Qualifier).Order(), function.Versions.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task Handle_ZeroBudget_EachInvocationUpdatesThePlanOnlyOverTheObjectItWrote()
    {
        _lambda.Add("orders-ingest", memoryMb: 512);
        var (planner, _) = CreateTimedPlanner(publishSeconds: "0", secondsPerPublish: 1);

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        while (!output.Published)
        {
            Assert.NotNull(output.PlanETag);
            output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true, planETag = output.PlanETag });
        }

        Assert.Equal(5, output.Cells.Count);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_PlanRewrittenBetweenPlannerInvocations_ResumeRefusesItAndPublishesNothingMore()
    {
        // Before: each ResumePlanner invocation read whatever plan.json held and published the versions it named.
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var (planner, _) = CreateTimedPlanner(publishSeconds: "0", secondsPerPublish: 1);
        var first = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        var key = BucketKeys.Plan(Requests.RunId);
        await _store.PutAsync(key, _store.Objects[key], "application/json");
        var published = function.Versions.Count;

        var error = await Assert.ThrowsAsync<InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true, planETag = first.PlanETag }));

        Assert.False(first.Published);
        Assert.Contains("it was changed in the bucket", error.Message, StringComparison.Ordinal);
        Assert.Equal(published, function.Versions.Count);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_PlanAlreadyWrittenByAnotherInvocation_FirstWriteIsConditionalAndNeverOverwrites()
    {
        _lambda.Add("orders-ingest", memoryMb: 512);
        var key = BucketKeys.Plan(Requests.RunId);
        var racing = new RacingStore(_store, key);

        var error = await Assert.ThrowsAsync<TransientDependencyException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(new Planner(_lambda, racing, Requests.Settings(), Tuner.Core.Pricing.PricingCatalog.Default, TimeProvider.System).Handle, new { request = Requests.Small(), runId = Requests.RunId }));

        Assert.Contains("written meanwhile", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"other\":true}", System.Text.Encoding.UTF8.GetString(_store.Objects[key]));
    }

    [Fact]
    public async Task Handle_ResumeAfterEverythingPublished_ReturnsTheSameCellsAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var planner = CreatePlanner();
        var first = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        var writes = _store.Writes.Count;
        _lambda.Calls.Clear();

        var again = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true });
        var retried = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true });

        Assert.True(first.Published);
        foreach (var output in new[] { again, retried })
        {
            Assert.True(output.Published);
            Assert.Equal(first.Cells, output.Cells);
            Assert.Equal(first.EstimatedMaxUsd, output.EstimatedMaxUsd);
        }

        Assert.Equal(5, function.Versions.Count);
        Assert.Empty(_lambda.Calls);
        Assert.Equal(writes, _store.Writes.Count);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Handle_ValidRequest_PlanJsonCarriesOnlyKnobValuesAndTheBaselinesGoUnderSecrets()
    {
        // Before: plan.json, which report readers could read, held every target's whole environment.
        _lambda.Add("orders-ingest", memoryMb: 512, environment: new Dictionary<string, string> { ["TABLE"] = "events", ["DB_PASSWORD"] = "s3cr3t-hunter2", ["TUNER_DDB_BATCH_SIZE"] = "5" });

        await HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId });

        var plan = System.Text.Encoding.UTF8.GetString(_store.Objects[BucketKeys.Plan(Requests.RunId)]);
        Assert.DoesNotContain("s3cr3t-hunter2", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("DB_PASSWORD", plan, StringComparison.Ordinal);
        var document = ReadPlanDocument();
        Assert.Equal(BucketKeys.Baselines(Requests.RunId), document.BaselinesKey);
        Assert.Equal(new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = "5" }, Assert.Single(document.Baselines).Environment);
        Assert.Equal("s3cr3t-hunter2", Assert.Single(ReadBaselines()).Environment["DB_PASSWORD"]);
    }

    [Fact]
    public async Task Handle_ResumeRetriedAfterAPublishThatWasNotSaved_AdoptsTheTaggedVersionInsteadOfPublishingAgain()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);
        var (planner, _) = CreateTimedPlanner(publishSeconds: "25", secondsPerPublish: 10);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });

        // As if the invocation had died after publishing its last version but before saving plan.json.
        var document = ReadPlanDocument();
        var lost = document.Versions.Last();
        var versions = document.Versions.Where(kv => kv.Key != lost.Key).ToDictionary();
        _store.Objects[BucketKeys.Plan(Requests.RunId)] = TunerJson.Serialize(document with { Versions = versions });

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(
            CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true });

        Assert.True(output.Published);
        Assert.Equal(5, function.Versions.Count);
        Assert.Equal(lost.Value, ReadPlanDocument().Versions[lost.Key]);
        Assert.Equal(output.Cells.Select(c => c.Qualifier).Order(), function.Versions.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task Handle_ResumeWithoutPlanDocument_ThrowsInvalidStateInputAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest");

        var error = await Assert.ThrowsAsync<InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(), runId = Requests.RunId, resume = true }));

        Assert.Contains(BucketKeys.Plan(Requests.RunId), error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
        Assert.Empty(function.Versions);
    }

    [Fact]
    public async Task Handle_ResumeWithAnotherRequest_ThrowsInvalidStateInputAndChangesNothing()
    {
        var function = _lambda.Add("orders-ingest");
        var (planner, _) = CreateTimedPlanner(publishSeconds: "0", secondsPerPublish: 1);
        await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(), runId = Requests.RunId });
        _lambda.Calls.Clear();

        var error = await Assert.ThrowsAsync<InvalidStateInputException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(extra: ""","maxConcurrency":3"""), runId = Requests.RunId, resume = true }));

        Assert.Contains("another request", error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
        Assert.Single(function.Versions);
    }

    [Theory]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:orders-ingest", "is in region eu-west-1, but Tuner runs in us-east-1")]
    [InlineData("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders-ingest", "is in partition aws-cn, but Tuner runs in us-east-1 (partition aws)")]
    [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders-ingest", "is in partition aws-us-gov")]
    public async Task Handle_ArnOfAnotherRegionOrPartition_RefusedWithFieldPathAndNothingRead(string arn, string reason)
    {
        var function = _lambda.Add("orders-ingest");

        var error = await Assert.ThrowsAsync<InvalidTuningRequestException>(
            () => HandlerCall.InvokeAsync<PlannerOutput>(CreatePlanner().Handle, new { request = Requests.Small(arn), runId = Requests.RunId }));

        Assert.Contains("targets[0].function: " + arn + " " + reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Calls);
        Assert.Empty(function.Versions);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
    }

    [Fact]
    public async Task Handle_ArnOfAnotherAccount_RefusedAndTheSameNamedFunctionOfTunersAccountUntouched()
    {
        var function = _lambda.Add("orders-ingest", memoryMb: 512);

        var error = await Assert.ThrowsAsync<FunctionNotAllowedException>(() => HandlerCall.InvokeAsync<PlannerOutput>(
            CreatePlanner().Handle, new { request = Requests.Small("arn:aws:lambda:us-east-1:999999999999:function:orders-ingest"), runId = Requests.RunId }));

        Assert.Contains("targets[0].function: arn:aws:lambda:us-east-1:999999999999:function:orders-ingest is in account 999999999999, but Tuner runs in account 123456789012", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Get orders-ingest"], _lambda.Calls);
        Assert.Empty(function.Versions);
        Assert.Equal(512, function.Latest.MemorySizeMb);
        Assert.False(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
    }

    [Fact]
    public async Task Handle_ArnOfTunersOwnAccountAndRegion_TunedByName()
    {
        var function = _lambda.Add("orders-ingest");

        var output = await HandlerCall.InvokeAsync<PlannerOutput>(
            CreatePlanner().Handle, new { request = Requests.Small("arn:aws:lambda:us-east-1:123456789012:function:orders-ingest"), runId = Requests.RunId });

        Assert.True(output.Published);
        Assert.Equal(5, function.Versions.Count);
        Assert.True(_store.Objects.ContainsKey(BucketKeys.Lease("orders-ingest")));
    }

    private (Planner Planner, AutoAdvancingTimeProvider Time) CreateTimedPlanner(string publishSeconds, int secondsPerPublish)
    {
        var time = new AutoAdvancingTimeProvider(FunctionsClock.Start);
        _lambda.AfterPublish = () => time.Advance(TimeSpan.FromSeconds(secondsPerPublish));
        return (new Planner(_lambda, _store, Requests.Settings(publishSeconds: publishSeconds), PricingCatalog.Default, time), time);
    }

    private RunDocument ReadPlanDocument() => TunerJson.Deserialize<RunDocument>(_store.Objects[BucketKeys.Plan(Requests.RunId)])!;

    /// <summary>The whole baselines the Planner recorded under secrets/.</summary>
    private List<Tuner.Core.Planning.BaselineConfiguration> ReadBaselines() =>
        System.Text.Json.Nodes.JsonNode.Parse(_store.Objects[BucketKeys.Baselines(Requests.RunId)])!["baselines"].Deserialize<List<Tuner.Core.Planning.BaselineConfiguration>>(TunerJson.Options)!;

    /// <summary>Another writer puts <paramref name="key"/> just before the Planner's first conditional write of it.</summary>
    private sealed class RacingStore(InMemoryObjectStore inner, string key) : Tuner.Core.Ports.IObjectStore
    {
        public Task PutAsync(string k, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) => inner.PutAsync(k, content, contentType, cancellationToken);

        public Task<byte[]?> GetAsync(string k, CancellationToken cancellationToken = default) => inner.GetAsync(k, cancellationToken);

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public Task DeleteAsync(string k, CancellationToken cancellationToken = default) => inner.DeleteAsync(k, cancellationToken);

        public Task<Tuner.Core.Ports.StoredObject?> GetWithETagAsync(string k, CancellationToken cancellationToken = default) => inner.GetWithETagAsync(k, cancellationToken);

        public async Task<Tuner.Core.Ports.ConditionalWriteResult> PutIfAsync(string k, ReadOnlyMemory<byte> content, string contentType, Tuner.Core.Ports.WriteCondition condition, CancellationToken cancellationToken = default)
        {
            if (k == key && condition.IfMatch is null)
            {
                await inner.PutAsync(k, "{\"other\":true}"u8.ToArray(), "application/json", cancellationToken);
            }

            return await inner.PutIfAsync(k, content, contentType, condition, cancellationToken);
        }

        public Task<Tuner.Core.Ports.ConditionalWriteResult> DeleteIfMatchAsync(string k, string etag, CancellationToken cancellationToken = default) => inner.DeleteIfMatchAsync(k, etag, cancellationToken);
    }
}
