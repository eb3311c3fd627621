using System.Text.Json;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Core.Tests.Requests;

/// <summary>examples/request.schema.json must state the validator's rules: same constants, same verdicts.</summary>
public sealed class RequestSchemaTests : IDisposable
{
    // Rules a JSON Schema cannot express; the schema's description says the reader checks them.
    private static readonly string[] ReaderOnlyRules = ["not valid JSON", "duplicate field", "is above invocations", "the matrix has", "is already targets"];

    private readonly JsonDocument _schemaDocument;
    private readonly JsonElement _schema;

    public RequestSchemaTests()
    {
        _schemaDocument = JsonDocument.Parse(File.ReadAllBytes(RepoFiles.Path("examples", "request.schema.json")));
        _schema = _schemaDocument.RootElement;
    }

    public void Dispose() => _schemaDocument.Dispose();

    [Fact]
    public void Schema_PropertyNames_EqualTheReaderFields()
    {
        Assert.Equal(RequestLimits.RequestFields.Order(), Names(_schema.GetProperty("properties")));
        Assert.Equal(RequestLimits.TargetFields.Order(), Names(Target().GetProperty("properties")));
        Assert.Equal(RequestLimits.ObjectiveFields.Order(), Names(_schema.GetProperty("properties").GetProperty("objective").GetProperty("properties")));
        Assert.Equal(RequestLimits.AlertFields.Order(), Names(_schema.GetProperty("properties").GetProperty("alerts").GetProperty("properties")));
        Assert.False(_schema.GetProperty("additionalProperties").GetBoolean());
        Assert.False(Target().GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_BoundsAndEnums_EqualTheValidatorConstants()
    {
        var target = Target().GetProperty("properties");
        var root = _schema.GetProperty("properties");
        var objective = root.GetProperty("objective").GetProperty("properties");
        var batch = target.GetProperty("dynamoDbBatch").GetProperty("properties");

        AssertRange(target.GetProperty("memoryMb").GetProperty("items"), RequestLimits.MemoryMbMin, RequestLimits.MemoryMbMax);
        AssertRange(batch.GetProperty("batchSize").GetProperty("items"), RequestLimits.BatchSizeMin, RequestLimits.BatchSizeMax);
        AssertRange(batch.GetProperty("parallelism").GetProperty("items"), RequestLimits.ParallelismMin, RequestLimits.ParallelismMax);
        AssertRange(target.GetProperty("invocations"), RequestLimits.InvocationsMin, RequestLimits.InvocationsMax);
        AssertRange(target.GetProperty("concurrency"), RequestLimits.ConcurrencyMin, RequestLimits.ConcurrencyMax);
        AssertRange(target.GetProperty("monthlyInvocations"), 0, RequestLimits.MonthlyInvocationsMax);
        AssertRange(root.GetProperty("maxConcurrency"), RequestLimits.MaxConcurrencyMin, RequestLimits.MaxConcurrencyMax);
        AssertRange(objective.GetProperty("weight"), RequestLimits.WeightMin, RequestLimits.WeightMax);
        AssertRange(objective.GetProperty("maxErrorRate"), RequestLimits.MaxErrorRateMin, RequestLimits.MaxErrorRateMax);
        Assert.Equal(RequestLimits.TargetsMax, root.GetProperty("targets").GetProperty("maxItems").GetInt32());
        Assert.Equal(RequestLimits.EnvValuesMax, target.GetProperty("env").GetProperty("additionalProperties").GetProperty("maxItems").GetInt32());
        Assert.Equal(RequestLimits.Strategies, Strings(objective.GetProperty("strategy").GetProperty("enum")));
        Assert.Equal(RequestLimits.Architectures, Strings(target.GetProperty("architecture").GetProperty("enum")));
        Assert.Equal(RequestLimits.JobPattern, root.GetProperty("job").GetProperty("pattern").GetString());
        Assert.Equal(RequestLimits.FunctionPattern, target.GetProperty("function").GetProperty("pattern").GetString());
        Assert.Equal(RequestLimits.RegionPattern, root.GetProperty("region").GetProperty("pattern").GetString());
        Assert.Equal(RequestLimits.EnvNamePattern, target.GetProperty("env").GetProperty("propertyNames").GetProperty("pattern").GetString());
    }

    [Fact]
    public void Schema_Defaults_EqualTheReaderDefaults()
    {
        var target = Target().GetProperty("properties");
        var root = _schema.GetProperty("properties");
        var alerts = root.GetProperty("alerts").GetProperty("properties");

        Assert.Equal(TuningTarget.DefaultMemoryMb, target.GetProperty("memoryMb").GetProperty("default").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(TuningTarget.DefaultInvocations, target.GetProperty("invocations").GetProperty("default").GetInt32());
        Assert.Equal(TuningTarget.DefaultConcurrency, target.GetProperty("concurrency").GetProperty("default").GetInt32());
        Assert.Equal(TuningRequest.DefaultMaxConcurrency, root.GetProperty("maxConcurrency").GetProperty("default").GetInt32());
        Assert.Equal(Objective.DefaultWeight, root.GetProperty("objective").GetProperty("properties").GetProperty("weight").GetProperty("default").GetDouble());
        Assert.Equal(AlertThresholds.DefaultDurationIncreasePct, alerts.GetProperty("durationIncreasePct").GetProperty("default").GetDouble());
        Assert.Equal(AlertThresholds.DefaultMaxMemoryIncreasePct, alerts.GetProperty("maxMemoryIncreasePct").GetProperty("default").GetDouble());
        Assert.Equal(AlertThresholds.DefaultCostIncreasePct, alerts.GetProperty("costIncreasePct").GetProperty("default").GetDouble());
        Assert.Equal(AlertThresholds.DefaultErrorRatePct, alerts.GetProperty("errorRatePct").GetProperty("default").GetDouble());
    }

    public static TheoryData<string, string> SchemaCheckedRequests()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in TuningRequestReaderTests.MalformedRequests)
        {
            var json = (string)row[0];
            var message = (string)row[2];
            if (!ReaderOnlyRules.Any(rule => message.Contains(rule, StringComparison.Ordinal)))
            {
                data.Add(json, (string)row[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaCheckedRequests))]
    public void Schema_RequestTheReaderRejects_IsRejectedToo(string json, string readerPath)
    {
        using var document = JsonDocument.Parse(json);

        var errors = new MiniJsonSchema(_schema).Validate(document.RootElement);

        Assert.False(TuningRequestReader.Read(json).IsValid);
        Assert.True(errors.Count > 0, $"the schema accepts a request the reader rejects at '{readerPath}'");
    }

    [Theory]
    [InlineData("""{"job":"j","targets":[{"function":"f"}]}""")]
    [InlineData("""{"job":"j","targets":[{"function":"f","payloads":[{"payload":{"a":1},"weight":2},{"payload":null}]}],"objective":{"strategy":"balanced","weight":0}}""")]
    [InlineData("""{"job":"j","targets":[{"function":"arn:aws:lambda:eu-west-1:123456789012:function:f","memoryMb":[128,10240],"dynamoDbBatch":{"batchSize":[1,25],"parallelism":[64]},"env":{"MODE":["a","b"]},"invocations":1000,"concurrency":100,"architecture":"x86_64","monthlyInvocations":0}],"budget":{"maxUsd":0.5},"region":"eu-west-1","maxConcurrency":40,"alerts":{"errorRatePct":100}}""")]
    [InlineData("""{"job":"j","targets":[{"function":"f"}],"objective":{"strategy":"speed","maxP95Ms":250,"maxErrorRate":1}}""")]
    public void Schema_RequestTheReaderAccepts_IsAcceptedToo(string json)
    {
        using var document = JsonDocument.Parse(json);

        var errors = new MiniJsonSchema(_schema).Validate(document.RootElement);

        Assert.True(TuningRequestReader.Read(json).IsValid);
        Assert.Empty(errors);
    }

    [Fact]
    public void Examples_EveryRequestInExamples_IsAcceptedByReaderAndSchema()
    {
        var files = Directory.GetFiles(RepoFiles.Path("examples"), "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .ToList();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("targets", out _))
            {
                continue;
            }

            var result = TuningRequestReader.Read(bytes);
            Assert.True(result.IsValid, $"{Path.GetFileName(file)}: {string.Join("; ", result.Problems)}");
            Assert.Empty(new MiniJsonSchema(_schema).Validate(document.RootElement));
        }
    }

    private JsonElement Target() => _schema.GetProperty("$defs").GetProperty("target");

    private static IEnumerable<string> Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order();

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static void AssertRange(JsonElement schema, double min, double max)
    {
        Assert.Equal(min, schema.GetProperty("minimum").GetDouble());
        Assert.Equal(max, schema.GetProperty("maximum").GetDouble());
    }
}
