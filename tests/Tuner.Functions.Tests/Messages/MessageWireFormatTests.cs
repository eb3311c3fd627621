using System.Text;
using System.Text.Json;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Tests.Messages;

/// <summary>
/// The unit summary (with its <see cref="CellSummary"/>s) and the Reducer's output, fixed: a document read with
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
