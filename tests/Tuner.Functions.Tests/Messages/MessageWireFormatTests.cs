using System.Text;
using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.Messages;

/// <summary>
/// The unit summary (with its <see cref="CellSummary"/>s), the Narrower's output (its stage kinds) and the Reducer's output, fixed: a document read with
/// <see cref="TunerJson"/> (the Reducer's output also with Tuner.Contracts' <see cref="StateOutputJson"/>, as its
/// readers do) and written again is the same bytes — property names, their order, nulls left out.
/// Written before both became records with init properties, to show the format did not change.
/// </summary>
public sealed class MessageWireFormatTests
{
    [Fact]
    public void UnitSummary_DeserializeThenSerialize_SameBytes()
    {
        const string json = """{"step":2,"unit":1,"targetIndex":0,"stage":1,"deadlineReached":true,"cells":[{"cellId":"t0-m512","targetIndex":0,"status":"measured","invocations":12,"samples":10,"errors":1,"problems":1,"coldStarts":2,"errorType":"NoReport","errorMessage":"no REPORT line in the log tail","medianDurationMs":20.5,"durationSumMs":250.25,"invokePhaseMs":1500.5,"samplesKey":"runs/r/samples/t0-m512/step-2.jsonl","invokeThrottles":3,"samplesRequested":12,"samplesCounted":10},{"cellId":"t0-m128","targetIndex":0,"status":"failed","invocations":4,"samples":0,"errors":4,"problems":0,"coldStarts":0,"durationSumMs":0,"invokePhaseMs":90,"samplesKey":"runs/r/samples/t0-m128/step-2.jsonl","invokeThrottles":0,"samplesRequested":0,"samplesCounted":0}]}""";

        var summary = TunerJson.Deserialize<UnitSummary>(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(summary)));
    }

    /// <summary>The stage kinds as the Narrower writes them and the Executor, the CLI and the next Narrower read them.</summary>
    [Fact]
    public void NarrowerOutput_EveryStageKind_DeserializeThenSerialize_SameBytes()
    {
        const string json = """{"runId":"r1","bucket":"tuner-test","maxConcurrency":2,"step":3,"done":false,"units":[{"unit":0,"targetIndex":0,"stage":1,"kind":"firstPass","step":3,"paired":false,"seed":7,"cells":[{"id":"t0-m512","function":"orders","qualifier":"4","samples":5,"warmUp":true,"concurrency":1}]},{"unit":1,"targetIndex":1,"stage":2,"kind":"narrowing","step":3,"paired":false,"seed":7,"cells":[{"id":"t1-m128","function":"billing","qualifier":"2","samples":10,"warmUp":false,"concurrency":2,"coldQualifiers":["5","6"]}]},{"unit":2,"targetIndex":0,"stage":3,"kind":"confirmation","step":3,"paired":true,"seed":7,"cells":[]}]}""";

        var output = TunerJson.Deserialize<NarrowerOutput>(Encoding.UTF8.GetBytes(json));
        var readWithTheContract = JsonSerializer.Deserialize(json, StateOutputJson.Default.NarrowerOutput);

        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(output)));
        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(readWithTheContract)));
    }

    /// <summary>The stage kinds in stages.json's stage history and the report (<c>StageRecord.Kind</c>, written with TunerJson).</summary>
    [Theory]
    [InlineData(StageKind.FirstPass, "\"firstPass\"")]
    [InlineData(StageKind.Narrowing, "\"narrowing\"")]
    [InlineData(StageKind.Confirmation, "\"confirmation\"")]
    public void StageKind_WithTunerJson_ItsCamelCaseName(StageKind kind, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(kind)));
        Assert.Equal(kind, TunerJson.Deserialize<StageKind>(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"runId":"r1","job":"orders","bucket":"tuner-test","reportKey":"runs/r1/report.json","signatureKey":"runs/r1/report.sig.json","htmlKey":"runs/r1/report.html","csvKey":"runs/r1/samples.csv","latestKey":"jobs/orders/latest.json","cellsMeasured":6,"cellsFailed":1,"recommendations":["orders: 1024 MB, batch 25 x 4","billing: keep 512 MB"]}""")]
    [InlineData("""{"runId":"r1","job":"orders","bucket":"tuner-test","reportKey":"runs/r1/report.json","signatureKey":"runs/r1/report.sig.json","latestKey":"jobs/orders/latest.json","cellsMeasured":0,"cellsFailed":0,"recommendations":[]}""")]
    public void ReducerOutput_DeserializeThenSerialize_SameBytes(string json)
    {
        var output = TunerJson.Deserialize<ReducerOutput>(Encoding.UTF8.GetBytes(json));
        var readWithTheContract = JsonSerializer.Deserialize(json, StateOutputJson.Default.ReducerOutput);

        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(output)));
        Assert.Equal(json, Encoding.UTF8.GetString(TunerJson.Serialize(readWithTheContract)));
    }
}
