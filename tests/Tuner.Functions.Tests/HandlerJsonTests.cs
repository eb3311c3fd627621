using System.Text;
using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Messages;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests;

/// <summary>
/// The handlers' wire format, as <see cref="HandlerJson"/> reads and writes it, against <see cref="TunerJson"/>'s
/// reflection-based options for the same values: the same bytes written (names, order, nulls left out, escaping, enum
/// names, numbers), the same values read, and the same inputs refused with the same message (integer or unknown enum
/// values, numbers in strings, wrong types). Step Functions passes whole objects: properties a record does not have are
/// skipped. Pinned with the reflection-based HandlerJson before the handlers moved to the source-generated
/// <see cref="StateMessageJson"/>, to show their wire format did not change.
/// </summary>
public sealed class HandlerJsonTests
{
    private static readonly DateTimeOffset SeenAt = new(2026, 12, 2, 6, 1, 2, 345, TimeSpan.FromHours(1));

    public static TheoryData<string> PlannerInputs => new()
    {
        """{"request":{"job":"orders","targets":[{"functionName":"orders","memoryMb":[128,1024],"payload":{"a":1.50,"b":[true,null],"c":"<é→&'>"}}],"knobs":{"TUNER_DDB_BATCH_SIZE":[10,25]}},"runId":"r1"}""",
        """{"request":{"job":"orders"},"runId":"r1","resume":true,"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:tuner:r1","planETag":"\"5d41402abc4b2a76b9719d911017c592\""}""",
        """{"Request":{"job":"orders"},"RUNID":"r1","Resume":false}""",
        """{"request":{"job":"orders"},"runId":"r1","resume":null,"executionArn":null}""",
        """{"request":null,"runId":"r1"}""",
        """{"runId":"r1"}""",
        """{"request":{"job":"orders"}}""",
        """{"request":{"job":"orders"},"runId":"r1","resume":"true"}""",
        """{"request":{"job":"orders"},"runId":"r1","resume":1}""",
        """{"request":{"job":"orders"},"runId":7}""",
        """{"request":{"job":"orders"},"runId":"r1","planETag":{"etag":"x"}}""",
        """{"request":{"job":"orders"},"runId":"r1","extra":{"whole":"object"},"cells":[1,2]}""",
        """{"request":{"job":"orders"},"runId":"r1",}""",
        """["r1"]""",
        """null""",
    };

    public static TheoryData<string> ExecutorInputs => new()
    {
        """{"runId":"r1","bucket":"b","unit":{"unit":1,"targetIndex":0,"stage":2,"kind":"narrowing","step":3,"paired":false,"seed":7,"cells":[{"id":"t0-m512","function":"orders","qualifier":"4","samples":5,"warmUp":true,"concurrency":1,"coldQualifiers":["5","6"]}]}}""",
        """{"runId":"r1","bucket":"b","unit":{"unit":0,"stage":3,"kind":"confirmation","step":3,"paired":true,"seed":-2147483648,"cells":[]},"maxConcurrency":4,"units":[{"unit":9}]}""",
        """{"runId":"r1","bucket":"b","unit":{"unit":0,"stage":1,"kind":null,"step":1,"cells":[{"id":"c","coldQualifiers":null}]}}""",
        """{"runId":"r1","bucket":"b","unit":{"unit":0,"stage":1,"step":1}}""",
        """{"runId":"r1","bucket":"b","unit":{"kind":"FirstPass"}}""",
        """{"runId":"r1","bucket":"b","unit":{"kind":1}}""",
        """{"runId":"r1","bucket":"b","unit":{"kind":"1"}}""",
        """{"runId":"r1","bucket":"b","unit":{"kind":"warmUp"}}""",
        """{"runId":"r1","bucket":"b","unit":{"kind":"first_pass"}}""",
        """{"runId":"r1","bucket":"b","unit":{"stage":"2"}}""",
        """{"runId":"r1","bucket":"b","unit":{"stage":2.5}}""",
        """{"runId":"r1","bucket":"b","unit":{"stage":2.0}}""",
        """{"runId":"r1","bucket":"b","unit":{"stage":1e2}}""",
        """{"runId":"r1","bucket":"b","unit":{"seed":2147483648}}""",
        """{"runId":"r1","bucket":"b","unit":{"seed":"NaN"}}""",
        """{"runId":"r1","bucket":"b","unit":{"paired":"false"}}""",
        """{"runId":"r1","bucket":"b","unit":{"cells":{"id":"c"}}}""",
        """{"runId":"r1","bucket":"b","unit":{"cells":[{"samples":null}]}}""",
        """{"runId":"r1","bucket":"b"}""",
        """{"runId":"r1","bucket":"b","unit":"u"}""",
    };

    public static TheoryData<string> NarrowerAndReducerInputs => new()
    {
        """{"runId":"r1","bucket":"b"}""",
        """{"runId":"r1","bucket":"b","maxConcurrency":4,"step":3,"done":false,"units":[{"unit":0,"kind":"firstPass","cells":[]}],"report":{"x":1}}""",
        """{"RunId":"r1","BUCKET":"b"}""",
        """{"runId":"r1"}""",
        """{}""",
        """{"runId":null,"bucket":null}""",
        """{"runId":1,"bucket":"b"}""",
        """{"runId":"r1","bucket":["b"]}""",
        """{"runId":"r1","runId":"r2","bucket":"b"}""",
        """{"runId":"r1" "bucket":"b"}""",
        """ """,
    };

    public static TheoryData<string> CleanerInputs => new()
    {
        """{"runId":"r1","request":{"job":"orders","targets":[{"functionName":"orders"}]},"outcome":"succeeded"}""",
        """{"runId":"r1","request":{"job":"orders"},"outcome":"failed","error":{"Error":"States.TaskFailed","Cause":"{\"errorMessage\":\"boom \\u2192 <b>\"}"}}""",
        """{"runId":"r1","request":"not an object","outcome":"ABORTED","error":null}""",
        """{"runId":"r1","request":{"job":"orders"},"outcome":null,"error":[1,2.50,-0,1E+3]}""",
        """{"runId":"r1"}""",
        """{"runId":"r1","request":{},"outcome":3}""",
        """{"runId":"r1","request":{},"outcome":"succeeded","report":{"runId":"r1","cellsMeasured":6},"cleanup":{"targets":[]}}""",
    };

    [Fact]
    public void Write_PlannerOutput_SameBytesAsTunerJson()
    {
        var output = new PlannerOutput
        {
            RunId = "r1",
            Job = "orders <eu-west-1> & 'billing'",
            Bucket = "tuner-test",
            MaxConcurrency = 4,
            EstimatedMaxUsd = 0.123456789012345678901234567m,
            Cells =
            [
                new CellTask { Id = "t0-m512", TargetIndex = 0, Function = "orders", Qualifier = "4", MemoryMb = 512, BatchSize = 25, Parallelism = 4, Invocations = 30, Concurrency = 2, IsBaseline = true },
                new CellTask { Id = "t0-m128", Function = "orders", Qualifier = "5", MemoryMb = 128, Invocations = 30, Concurrency = 2 },
            ],
            Published = true,
            Versions = 2,
            PlanETag = "\"5d41402abc4b2a76b9719d911017c592\"",
        };

        AssertWrites(
            """{"runId":"r1","job":"orders <eu-west-1> & 'billing'","bucket":"tuner-test","maxConcurrency":4,"estimatedMaxUsd":0.123456789012345678901234567,"cells":[{"id":"t0-m512","targetIndex":0,"function":"orders","qualifier":"4","memoryMb":512,"batchSize":25,"parallelism":4,"invocations":30,"concurrency":2,"isBaseline":true},{"id":"t0-m128","targetIndex":0,"function":"orders","qualifier":"5","memoryMb":128,"invocations":30,"concurrency":2,"isBaseline":false}],"published":true,"versions":2,"planETag":"\"5d41402abc4b2a76b9719d911017c592\""}""",
            output);
        AssertWritesAsTunerJson(new PlannerOutput { RunId = "r1", Published = false, EstimatedMaxUsd = 10m });
    }

    [Fact]
    public void Write_NarrowerOutput_SameBytesAsTunerJson()
    {
        var output = new NarrowerOutput
        {
            RunId = "r1",
            Bucket = "tuner-test",
            MaxConcurrency = 2,
            Step = 3,
            Units =
            [
                StateMessages.Unit(1, StageKind.FirstPass, 3, false, 7, [StateMessages.Cell("t0-m512", "orders", "4", 5, warmUp: true, 1)]),
                StateMessages.Unit(2, StageKind.Narrowing, 3, false, -7, [StateMessages.Cell("t1-m128", "billing", "2", 10, warmUp: false, 2, ["5", "6"])], unit: 1, targetIndex: 1),
                StateMessages.Unit(3, StageKind.Confirmation, 3, true, int.MaxValue, [], unit: 2) with { Kind = null },
            ],
        };

        AssertWrites(
            """{"runId":"r1","bucket":"tuner-test","maxConcurrency":2,"step":3,"done":false,"units":[{"unit":0,"targetIndex":0,"stage":1,"kind":"firstPass","step":3,"paired":false,"seed":7,"cells":[{"id":"t0-m512","function":"orders","qualifier":"4","samples":5,"warmUp":true,"concurrency":1}]},{"unit":1,"targetIndex":1,"stage":2,"kind":"narrowing","step":3,"paired":false,"seed":-7,"cells":[{"id":"t1-m128","function":"billing","qualifier":"2","samples":10,"warmUp":false,"concurrency":2,"coldQualifiers":["5","6"]}]},{"unit":2,"targetIndex":0,"stage":3,"step":3,"paired":true,"seed":2147483647,"cells":[]}]}""",
            output);
        AssertWritesAsTunerJson(new NarrowerOutput { RunId = "r1", Bucket = "b", Done = true, Step = 9 });
    }

    [Theory]
    [InlineData(1234.5)]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    [InlineData(1e-7)]
    [InlineData(1e21)]
    [InlineData(-0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void Write_ExecutorOutput_SameBytesAsTunerJson(double invokePhaseMs)
    {
        var output = new ExecutorOutput { Step = 2, Unit = 5, TargetIndex = 1, Stage = 1, Cells = 3, Samples = 90, Invocations = 96, CellsFailed = 1, DeadlineReached = true, InvokePhaseMs = invokePhaseMs, SummaryKey = "runs/r1/units/step-2/unit-5.json" };

        AssertWritesAsTunerJson(output);
    }

    [Fact]
    public void Write_ExecutorOutput_TheFixedBytes()
    {
        AssertWrites(
            """{"step":2,"unit":5,"targetIndex":1,"stage":1,"cells":3,"samples":90,"invocations":96,"cellsFailed":1,"deadlineReached":true,"invokePhaseMs":1234.5,"summaryKey":"runs/r1/units/step-2/unit-5.json"}""",
            new ExecutorOutput { Step = 2, Unit = 5, TargetIndex = 1, Stage = 1, Cells = 3, Samples = 90, Invocations = 96, CellsFailed = 1, DeadlineReached = true, InvokePhaseMs = 1234.5, SummaryKey = "runs/r1/units/step-2/unit-5.json" });
    }

    [Fact]
    public void Write_ReducerOutput_SameBytesAsTunerJson()
    {
        var output = new ReducerOutput
        {
            RunId = "r1",
            Job = "orders",
            Bucket = "tuner-test",
            ReportKey = "runs/r1/report.json",
            SignatureKey = "runs/r1/report.sig.json",
            HtmlKey = null,
            CsvKey = "runs/r1/samples.csv",
            LatestKey = "jobs/orders/latest.json",
            CellsMeasured = 6,
            CellsFailed = 0,
            Recommendations = ["orders: 512 → 1024 MB, 12 % cheaper", "billing: keep <512 MB> \"as is\"\ttab\u0001", "€ 0,0000021 😀"],
        };

        AssertWrites(
            """{"runId":"r1","job":"orders","bucket":"tuner-test","reportKey":"runs/r1/report.json","signatureKey":"runs/r1/report.sig.json","csvKey":"runs/r1/samples.csv","latestKey":"jobs/orders/latest.json","cellsMeasured":6,"cellsFailed":0,"recommendations":["orders: 512 → 1024 MB, 12 % cheaper","billing: keep <512 MB> \"as is\"\ttab\u0001","€ 0,0000021 \uD83D\uDE00"]}""",
            output);
    }

    [Fact]
    public void Write_CleanerOutput_SameBytesAsTunerJson()
    {
        var output = new CleanerOutput(
            "r1",
            [
                new TargetCleanup("orders", CleanupOutcome.KeptOwnersChange, "memory 512 → 2048 MB", ["orders:3"], [], "released") { Change = new OwnersChange([OwnersChange.Memory, OwnersChange.Environment], SeenAt) { LastModified = "2026-12-02T05:59:00.000+0000", RevisionId = null } },
                new TargetCleanup("billing", CleanupOutcome.Failed, "AccessDenied: <no>", [], ["billing:4", "billing:5"], "kept: the target is not clean"),
                new TargetCleanup("audit", CleanupOutcome.Restored, null, [], []),
                new TargetCleanup("ledger", CleanupOutcome.Unchanged, null, ["ledger:1"], []),
            ])
        {
            CleanedAt = SeenAt.AddMinutes(1),
            Ending = "failed",
        };

        AssertWrites(
            """{"runId":"r1","targets":[{"function":"orders","outcome":"keptOwnersChange","reason":"memory 512 → 2048 MB","deletedVersions":["orders:3"],"leftVersions":[],"lease":"released","change":{"fields":["memory","environment"],"seenAt":"2026-12-02T06:01:02.345+01:00","lastModified":"2026-12-02T05:59:00.000+0000"},"isClean":true},{"function":"billing","outcome":"failed","reason":"AccessDenied: <no>","deletedVersions":[],"leftVersions":["billing:4","billing:5"],"lease":"kept: the target is not clean","isClean":false},{"function":"audit","outcome":"restored","deletedVersions":[],"leftVersions":[],"isClean":true},{"function":"ledger","outcome":"unchanged","deletedVersions":["ledger:1"],"leftVersions":[],"isClean":true}],"cleanedAt":"2026-12-02T06:02:02.345+01:00","ending":"failed"}""",
            output);
        AssertWritesAsTunerJson(new CleanerOutput("r1", []));
    }

    [Fact]
    public void Write_JanitorOutput_SameBytesAsTunerJson()
    {
        AssertWrites(
            """{"executionsChecked":500,"functions":["billing","orders"],"deletedVersions":["orders:3"],"kept":["billing:4 (run r2 is RUNNING)"]}""",
            new JanitorOutput(500, ["billing", "orders"], ["orders:3"], ["billing:4 (run r2 is RUNNING)"]));
        AssertWritesAsTunerJson(new JanitorOutput(0, [], [], []));
    }

    [Theory]
    [MemberData(nameof(PlannerInputs))]
    public Task ReadAsync_PlannerInput_AsTunerJson(string json) => AssertReadsAsTunerJsonAsync<PlannerInput>(json);

    [Theory]
    [MemberData(nameof(ExecutorInputs))]
    public Task ReadAsync_ExecutorInput_AsTunerJson(string json) => AssertReadsAsTunerJsonAsync<ExecutorInput>(json);

    [Theory]
    [MemberData(nameof(NarrowerAndReducerInputs))]
    public Task ReadAsync_NarrowerInput_AsTunerJson(string json) => AssertReadsAsTunerJsonAsync<NarrowerInput>(json);

    [Theory]
    [MemberData(nameof(NarrowerAndReducerInputs))]
    public Task ReadAsync_ReducerInput_AsTunerJson(string json) => AssertReadsAsTunerJsonAsync<ReducerInput>(json);

    [Theory]
    [MemberData(nameof(CleanerInputs))]
    public Task ReadAsync_CleanerInput_AsTunerJson(string json) => AssertReadsAsTunerJsonAsync<CleanerInput>(json);

    /// <summary>The refusals the wire format promises, stated outright (the theories above only say "as TunerJson").</summary>
    [Theory]
    [InlineData("""{"runId":"r1","bucket":"b","unit":{"kind":1}}""", "System.Nullable`1[Tuner.Contracts.States.StageKind]", "$.unit.kind")]
    [InlineData("""{"runId":"r1","bucket":"b","unit":{"kind":"warmUp"}}""", "System.Nullable`1[Tuner.Contracts.States.StageKind]", "$.unit.kind")]
    [InlineData("""{"runId":"r1","bucket":"b","unit":{"stage":"2"}}""", "System.Int32", "$.unit.stage")]
    [InlineData("""{"runId":"r1","bucket":"b","unit":{"stage":2.5}}""", "System.Int32", "$.unit.stage")]
    [InlineData("""{"runId":"r1","bucket":"b","unit":{"seed":"NaN"}}""", "System.Int32", "$.unit.seed")]
    public async Task ReadAsync_ExecutorInput_RefusesIntegerAndUnknownEnumsAndNumbersInStrings(string json, string type, string path)
    {
        var error = await Assert.ThrowsAsync<InvalidStateInputException>(() => ReadAsync<ExecutorInput>(json));

        Assert.StartsWith("the state input is not a ExecutorInput: The JSON value could not be converted to " + type + ". Path: " + path + " |", error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task ReadAsync_CleanerInputWithTheWholeState_SkipsWhatTheRecordDoesNotHave()
    {
        var input = await ReadAsync<CleanerInput>("""{"runId":"r1","request":{"job":"orders"},"outcome":"succeeded","report":{"runId":"r1"},"cleanup":[]}""");

        Assert.Equal("r1", input.RunId);
        Assert.Equal("orders", input.Request.GetProperty("job").GetString());
        Assert.Equal("succeeded", input.Outcome);
        Assert.Null(input.Error);
    }

    [Fact]
    public async Task ReadAsync_Null_RefusedAsANullInput()
    {
        var error = await Assert.ThrowsAsync<InvalidStateInputException>(() => ReadAsync<NarrowerInput>("null"));

        Assert.Equal("the state input is null, expected NarrowerInput", error.Message);
    }

    private static void AssertWrites<T>(string expected, T output)
    {
        Assert.Equal(expected, Written(output));
        AssertWritesAsTunerJson(output);
    }

    private static void AssertWritesAsTunerJson<T>(T output) =>
        Assert.Equal(Encoding.UTF8.GetString(TunerJson.Serialize(output)), Written(output));

    private static string Written<T>(T output)
    {
        using var stream = HandlerJson.Write(output);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task<T> ReadAsync<T>(string json)
        where T : class
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await HandlerJson.ReadAsync<T>(stream);
    }

    /// <summary>What the handler reads, or the message of the error it throws, is what TunerJson's options read.</summary>
    private static async Task AssertReadsAsTunerJsonAsync<T>(string json)
        where T : class
    {
        string expected;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
            var value = await JsonSerializer.DeserializeAsync<T>(stream, TunerJson.Options);
            expected = value is null ? $"the state input is null, expected {typeof(T).Name}" : Describe(value);
        }
        catch (JsonException e)
        {
            expected = $"the state input is not a {typeof(T).Name}: {e.Message}";
        }

        string actual;
        try
        {
            actual = Describe(await ReadAsync<T>(json));
        }
        catch (InvalidStateInputException e)
        {
            actual = e.Message;
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>A value as TunerJson writes it; a record whose JsonElement was left undefined (cannot be written) by its properties.</summary>
    private static string Describe<T>(T value)
    {
        try
        {
            return Encoding.UTF8.GetString(TunerJson.Serialize(value));
        }
        catch (InvalidOperationException)
        {
            return value!.ToString()!;
        }
    }
}
