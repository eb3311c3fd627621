using System.Text.Json;
using Tuner.Core.Planning;
using Tuner.Core.Requests;

namespace Tuner.Core.Tests.Planning;

public sealed class PayloadScheduleTests
{
    [Fact]
    public void For_WeightedPayloads_SharesConvergeToTheWeights()
    {
        var target = TuningRequestReader.Read("""{"job":"j","targets":[{"function":"f","payloads":[{"payload":"a","weight":3},{"payload":"b","weight":1}]}]}""").Request!.Targets[0];

        var picks = Enumerable.Range(0, 1000).Select(i => PayloadSchedule.For(target, i)!.Value.GetString()).ToList();

        Assert.InRange(picks.Count(p => p == "a"), 740, 760);
        Assert.Equal(picks, Enumerable.Range(0, 1000).Select(i => PayloadSchedule.For(target, i)!.Value.GetString()));
    }

    [Fact]
    public void Bytes_NoPayload_IsAnEmptyObject()
    {
        var target = TuningTarget.ForFunction("f");

        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(PayloadSchedule.Bytes(target, 0)));
    }

    [Fact]
    public void Bytes_SinglePayload_IsItsJson()
    {
        using var document = JsonDocument.Parse("""{"events":10}""");
        var target = TuningTarget.ForFunction("f") with { Payload = document.RootElement.Clone() };

        Assert.Equal("""{"events":10}""", System.Text.Encoding.UTF8.GetString(PayloadSchedule.Bytes(target, 5)));
    }
}
