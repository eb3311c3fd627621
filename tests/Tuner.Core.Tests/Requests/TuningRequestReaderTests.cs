using System.Text.Json;
using Tuner.Core.Planning;
using Tuner.Core.Requests;

namespace Tuner.Core.Tests.Requests;

public sealed class TuningRequestReaderTests
{
    private const string FullRequest = """
        {
          "job": "orders-weekly",
          "targets": [
            {
              "function": "orders-ingest",
              "payload": { "events": 10 },
              "memoryMb": [256, 512, 1769],
              "dynamoDbBatch": { "batchSize": [10, 25], "parallelism": [1, 4] },
              "env": { "LOG_LEVEL": ["info", "debug"] },
              "invocations": 20,
              "concurrency": 4,
              "architecture": "arm64",
              "monthlyInvocations": 3000000
            },
            {
              "function": "arn:aws:lambda:us-east-1:123456789012:function:billing",
              "payloads": [ { "payload": { "n": 1 }, "weight": 3 }, { "payload": { "n": 100 } } ]
            }
          ],
          "objective": { "strategy": "balanced", "weight": 0.7, "maxP95Ms": 500, "maxErrorRate": 0.01 },
          "budget": { "maxUsd": 5 },
          "region": "us-east-1",
          "maxConcurrency": 8,
          "alerts": { "durationIncreasePct": 12 }
        }
        """;

    [Fact]
    public void Read_FullRequest_ReadsEveryField()
    {
        var result = TuningRequestReader.Read(FullRequest);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var request = result.Request!;
        Assert.Equal("orders-weekly", request.Job);
        Assert.Equal(2, request.Targets.Count);
        var first = request.Targets[0];
        Assert.Equal("orders-ingest", first.Function);
        Assert.Equal(10, first.Payload!.Value.GetProperty("events").GetInt32());
        Assert.Equal([256, 512, 1769], first.MemoryMb);
        Assert.Equal([10, 25], first.DynamoDbBatch!.BatchSize!);
        Assert.Equal([1, 4], first.DynamoDbBatch.Parallelism!);
        Assert.Equal(["info", "debug"], first.Env["LOG_LEVEL"]);
        Assert.Equal(20, first.Invocations);
        Assert.Equal(4, first.Concurrency);
        Assert.Equal("arm64", first.Architecture);
        Assert.Equal(3_000_000, first.MonthlyInvocations);
        Assert.Equal(ObjectiveStrategy.Balanced, request.Objective.Strategy);
        Assert.Equal(0.7, request.Objective.Weight);
        Assert.Equal(500, request.Objective.MaxP95Ms);
        Assert.Equal(0.01, request.Objective.MaxErrorRate);
        Assert.Equal(5m, request.Budget!.MaxUsd);
        Assert.Equal("us-east-1", request.Region);
        Assert.Equal(8, request.MaxConcurrency);
        Assert.Equal(12, request.Alerts.DurationIncreasePct);
        Assert.Equal(AlertThresholds.DefaultCostIncreasePct, request.Alerts.CostIncreasePct);
        Assert.Equal(2, request.Targets[1].Payloads!.Count);
        Assert.Equal(3, request.Targets[1].Payloads![0].Weight);
        Assert.Equal(1, request.Targets[1].Payloads![1].Weight);
    }

    [Fact]
    public void Read_MinimalRequest_AppliesDefaults()
    {
        var result = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f"}]}""");

        Assert.True(result.IsValid);
        var request = result.Request!;
        var target = request.Targets[0];
        Assert.Equal(TuningTarget.DefaultMemoryMb, target.MemoryMb);
        Assert.Equal(TuningTarget.DefaultInvocations, target.Invocations);
        Assert.Equal(TuningTarget.DefaultConcurrency, target.Concurrency);
        Assert.Null(target.DynamoDbBatch);
        Assert.Empty(target.Env);
        Assert.Null(target.Payload);
        Assert.Null(target.Architecture);
        Assert.Equal(ObjectiveStrategy.Cost, request.Objective.Strategy);
        Assert.Equal(Objective.DefaultWeight, request.Objective.EffectiveWeight);
        Assert.Null(request.Budget);
        Assert.Null(request.Region);
        Assert.Equal(TuningRequest.DefaultMaxConcurrency, request.MaxConcurrency);
        Assert.Equal(AlertThresholds.Default, request.Alerts);
    }

    [Fact]
    public void Read_FewInvocationsWithoutConcurrency_ClampsDefaultConcurrency()
    {
        var result = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","invocations":3}]}""");

        Assert.True(result.IsValid);
        Assert.Equal(3, result.Request!.Targets[0].Concurrency);
    }

    public static TheoryData<string, string, string> MalformedRequests => new()
    {
        { "not json", "", "not valid JSON (line 1, byte 2)" },
        { """{"job":"a","job":"b","targets":[{"function":"f"}]}""", "job", "duplicate field" },
        { "[]", "", "must be an object" },
        { """{"targets":[{"function":"f"}]}""", "job", "is required" },
        { """{"job":"bad job!","targets":[{"function":"f"}]}""", "job", "'bad job!' must be 1-64 letters, digits, '-' or '_'" },
        { """{"job":"j"}""", "targets", "is required" },
        { """{"job":"j","targets":[]}""", "targets", "must not be empty" },
        { """{"job":"j","targets":{}}""", "targets", "must be an array" },
        { """{"job":"j","targets":[{"function":"f"}],"colour":"red"}""", "colour", "unknown field" },
        { Target(""" "memorySize":[512] """), "targets[0].memorySize", "unknown field" },
        { Target(""" "memoryMb":[256,512,12000] """), "targets[0].memoryMb[2]", "12000 is above 10240" },
        { Target(""" "memoryMb":[64] """), "targets[0].memoryMb[0]", "64 is below 128" },
        { Target(""" "memoryMb":[] """), "targets[0].memoryMb", "must not be empty" },
        { Target(""" "memoryMb":[512,1024,512] """), "targets[0].memoryMb[2]", "512 is a duplicate of memoryMb[0]" },
        { Target(""" "memoryMb":["512"] """), "targets[0].memoryMb[0]", "must be an integer" },
        { Target(""" "memoryMb":[512.5] """), "targets[0].memoryMb[0]", "must be an integer" },
        { Target(""" "dynamoDbBatch":{"batchSize":[10,26]} """), "targets[0].dynamoDbBatch.batchSize[1]", "26 is above 25" },
        { Target(""" "dynamoDbBatch":{"parallelism":[0]} """), "targets[0].dynamoDbBatch.parallelism[0]", "0 is below 1" },
        { Target(""" "dynamoDbBatch":{"parallelism":[65]} """), "targets[0].dynamoDbBatch.parallelism[0]", "65 is above 64" },
        { Target(""" "dynamoDbBatch":{} """), "targets[0].dynamoDbBatch", "must give batchSize, parallelism or both" },
        { Target(""" "dynamoDbBatch":{"batchSize":[]} """), "targets[0].dynamoDbBatch.batchSize", "must not be empty" },
        { Target(""" "dynamoDbBatch":{"batchSize":[5],"size":1} """), "targets[0].dynamoDbBatch.size", "unknown field" },
        { Target(""" "env":{"TUNER_DDB_BATCH_SIZE":["5"]} """), "targets[0].env.TUNER_DDB_BATCH_SIZE", "is set through dynamoDbBatch, not env" },
        { Target(""" "env":{"AWS_REGION":["us-east-1"]} """), "targets[0].env.AWS_REGION", "is reserved by Lambda" },
        { Target(""" "env":{"LOG_LEVEL":[1]} """), "targets[0].env.LOG_LEVEL[0]", "must be a string" },
        { Target(""" "env":{"LOG_LEVEL":[]} """), "targets[0].env.LOG_LEVEL", "must not be empty" },
        { Target(""" "env":{"LOG_LEVEL":["a","b","a"]} """), "targets[0].env.LOG_LEVEL[2]", "'a' is a duplicate" },
        { Target(""" "env":{"1BAD":["x"]} """), "targets[0].env.1BAD", "is not a valid environment variable name" },
        { Target(""" "env":["LOG_LEVEL"] """), "targets[0].env", "must be an object of NAME: [values]" },
        { Target(""" "invocations":0 """), "targets[0].invocations", "0 is below 1" },
        { Target(""" "invocations":1001 """), "targets[0].invocations", "1001 is above 1000" },
        { Target(""" "invocations":5,"concurrency":10 """), "targets[0].concurrency", "10 is above invocations (5)" },
        { Target(""" "architecture":"x86" """), "targets[0].architecture", "'x86' is not one of x86_64, arm64" },
        { Target(""" "monthlyInvocations":-1 """), "targets[0].monthlyInvocations", "-1 is below 0" },
        { Target(""" "coldStartShare":1.5 """), "targets[0].coldStartShare", "1.5 is above 1" },
        { Target(""" "invocationBudget":0 """), "targets[0].invocationBudget", "0 is below 1" },
        { Target(""" "confirmInvocations":1 """), "targets[0].confirmInvocations", "1 is below 2" },
        { Target(""" "measure":"lukewarm" """), "targets[0].measure", "'lukewarm' is not one of warm, cold" },
        { Root(""" "objective":{"equivalence":{"cost":0.8}} """), "objective.equivalence.cost", "0.8 is above 0.5" },
        { Root(""" "objective":{"equivalence":{"latency":0.1}} """), "objective.equivalence.latency", "unknown field" },
        { """{"job":"j","targets":[{"function":"my func"}]}""", "targets[0].function", "'my func' is not a function name or unqualified function ARN" },
        { """{"job":"j","targets":[{"function":"arn:aws:lambda:us-east-1:123456789012:function:f:PROD"}]}""", "targets[0].function", "'arn:aws:lambda:us-east-1:123456789012:function:f:PROD' is not a function name or unqualified function ARN" },
        { """{"job":"j","targets":[{"payload":{}}]}""", "targets[0].function", "is required" },
        { Target(""" "payload":{},"payloads":[{"payload":{}}] """), "targets[0].payloads", "give either payload or payloads, not both" },
        { Target(""" "payloads":[{"payload":{},"weight":0}] """), "targets[0].payloads[0].weight", "0 must be above 0" },
        { Target(""" "payloads":[{"weight":1}] """), "targets[0].payloads[0].payload", "is required" },
        { Target(""" "memoryMb":[128,256,512,1024,2048,3008,4096,5120,6144,7168],"dynamoDbBatch":{"batchSize":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21]} """), "targets[0]", "the matrix has 210 cells, above 200" },
        { """{"job":"j","targets":[{"function":"f"},{"function":"arn:aws:lambda:us-east-1:123456789012:function:f"}]}""", "targets[1].function", "'arn:aws:lambda:us-east-1:123456789012:function:f' is already targets[0]" },
        { Root(""" "objective":{"strategy":"fast"} """), "objective.strategy", "'fast' is not one of cost, speed, balanced" },
        { Root(""" "objective":{"strategy":"balanced","weight":1.5} """), "objective.weight", "1.5 is above 1" },
        { Root(""" "objective":{"strategy":"cost","weight":0.5} """), "objective.weight", "only applies to strategy balanced" },
        { Root(""" "objective":{"maxErrorRate":-0.1} """), "objective.maxErrorRate", "-0.1 is below 0" },
        { Root(""" "objective":{"maxP95Ms":0} """), "objective.maxP95Ms", "0 must be above 0" },
        { Root(""" "objective":{"maxP95":100} """), "objective.maxP95", "unknown field" },
        { Root(""" "budget":{"maxUsd":"5"} """), "budget.maxUsd", "must be a number" },
        { Root(""" "budget":{} """), "budget.maxUsd", "is required" },
        { Root(""" "budget":{"maxUsd":0} """), "budget.maxUsd", "0 must be above 0" },
        { Root(""" "region":"Mars" """), "region", "'Mars' is not an AWS region name (e.g. us-east-1)" },
        { Root(""" "maxConcurrency":41 """), "maxConcurrency", "41 is above 40" },
        { Root(""" "maxConcurrency":"ten" """), "maxConcurrency", "must be an integer" },
        { Root(""" "alerts":{"foo":1} """), "alerts.foo", "unknown field" },
        { Root(""" "alerts":{"errorRatePct":101} """), "alerts.errorRatePct", "101 is above 100" },
        { Root(""" "alerts":{"costIncreasePct":-5} """), "alerts.costIncreasePct", "-5 is below 0" },
    };

    [Fact]
    public void Read_ColdMeasureMode_IsAcceptedWithTheSmallerColdDefaults()
    {
        var read = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","measure":"cold"}]}""");

        Assert.True(read.IsValid, string.Join("; ", read.Problems));
        var target = Assert.Single(read.Request!.Targets);
        Assert.Equal(MeasureMode.Cold, target.Measure);
        Assert.Equal(ColdStartVersions.DefaultInvocations, target.Invocations);
        Assert.Equal(ColdStartVersions.DefaultConfirmInvocations, target.ConfirmInvocations);
    }

    [Fact]
    public void Read_ColdMeasureModeWithExplicitCounts_KeepsThem()
    {
        var read = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","measure":"cold","invocations":4,"confirmInvocations":6}]}""");

        var target = Assert.Single(read.Request!.Targets);
        Assert.Equal(4, target.Invocations);
        Assert.Equal(6, target.ConfirmInvocations);
    }

    [Fact]
    public void Read_WarmMeasureMode_KeepsTheWarmDefaults()
    {
        var target = Assert.Single(TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f"}]}""").Request!.Targets);

        Assert.Equal(MeasureMode.Warm, target.Measure);
        Assert.Equal(TuningTarget.DefaultInvocations, target.Invocations);
        Assert.Null(target.ConfirmInvocations);
    }

    [Fact]
    public void Read_ColdStartVariableAsAKnob_IsRefusedWithItsPath()
    {
        var read = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","measure":"cold","env":{"TUNER_COLD_START":["a","b"]}}]}""");

        var problem = Assert.Single(read.Problems);
        Assert.Equal("targets[0].env.TUNER_COLD_START", problem.Path);
        Assert.Equal("is set by Tuner on each version it publishes in cold mode, not a knob", problem.Message);
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Read_MalformedRequest_ReportsExactlyThatProblemWithItsPath(string json, string path, string message)
    {
        var result = TuningRequestReader.Read(json);

        Assert.False(result.IsValid);
        Assert.Null(result.Request);
        Assert.Equal([new ValidationProblem(path, message)], result.Problems);
    }

    [Fact]
    public void Read_SeveralProblems_ReturnsEveryProblemAtOnce()
    {
        const string json = """
            {"job":"j","targets":[{"function":"f","memoryMb":[256,512,12000],"invocations":0,"extra":true}],
             "objective":{"strategy":"fast"},"maxConcurrency":0}
            """;

        var result = TuningRequestReader.Read(json);

        string[] expected =
        [
            "targets[0].extra: unknown field",
            "targets[0].memoryMb[2]: 12000 is above 10240",
            "targets[0].invocations: 0 is below 1",
            "objective.strategy: 'fast' is not one of cost, speed, balanced",
            "maxConcurrency: 0 is below 1",
        ];
        Assert.Null(result.Request);
        Assert.Equal(expected.Order(StringComparer.Ordinal), result.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_RequestBuiltInCode_UsesTheReaderRules()
    {
        var target = TuningTarget.ForFunction("orders-ingest") with { MemoryMb = [512, 20000], Invocations = 10 };
        var request = new TuningRequest("job", [target], new Objective(), null, null, 10, AlertThresholds.Default);

        var problems = TuningRequestValidator.Validate(request);

        Assert.Equal([new ValidationProblem("targets[0].memoryMb[1]", "20000 is above 10240")], problems);
    }

    [Fact]
    public void Validate_ValidRequestRoundTrip_HasNoProblems()
    {
        var request = TuningRequestReader.Read(FullRequest).Request!;

        var problems = TuningRequestValidator.Validate(request);

        Assert.Empty(problems);
    }

    [Fact]
    public void Read_PayloadOfAnyJsonKind_IsKeptAfterTheDocumentIsDisposed()
    {
        var request = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","payload":[1,"two",{"three":3}]}]}""").Request!;

        var payload = request.Targets[0].Payload!.Value;

        Assert.Equal(JsonValueKind.Array, payload.ValueKind);
        Assert.Equal("""[1,"two",{"three":3}]""", payload.GetRawText());
    }

    private static string Target(string fields) => $$"""{"job":"j","targets":[{"function":"f",{{fields.Trim()}}}]}""";

    private static string Root(string fields) => $$"""{"job":"j","targets":[{"function":"f"}],{{fields.Trim()}}}""";
}
