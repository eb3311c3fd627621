using System.Text;
using Tuner.Core.Samples;
using Tuner.Core.Serialization;

namespace Tuner.Core.Tests.Samples;

/// <summary>
/// The samples file's wire format, fixed: a line read (by <see cref="SampleJsonl"/>'s reader and by
/// <see cref="TunerJson"/>) and written again is the same bytes — property names, their order, nulls left out,
/// defaults written. Written before Sample became a record with init properties, to show the format did not change.
/// </summary>
public sealed class SampleWireFormatTests
{
    public static TheoryData<string> Lines { get; } = new()
    {
        // Every field set.
        """{"cellId":"t0-m1769-b25-e1a2b3c4d","index":7,"coldStart":true,"durationMs":395.99,"billedDurationMs":662,"initDurationMs":265.72,"memorySizeMb":1769,"maxMemoryUsedMb":301,"errorType":"Runtime.OutOfMemory","errorMessage":"killed \"hard\" ü","items":25,"consumedWriteUnits":12.5,"retries":1,"throttles":2,"limitsEnforced":false,"restoreDurationMs":12.25,"stage":3,"round":4,"warmup":true,"invokeThrottles":5}""",
        // Only what is always written: the nullable fields are left out, the defaulted ones are written.
        """{"cellId":"c","index":0,"coldStart":false,"durationMs":1.5,"billedDurationMs":2,"memorySizeMb":128,"maxMemoryUsedMb":64,"limitsEnforced":true,"stage":0,"round":0,"warmup":false,"invokeThrottles":0}""",
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void ReadThenWrite_FixedLine_SameBytes(string line)
    {
        var read = new List<Sample>();

        var problems = SampleJsonl.Read(Encoding.UTF8.GetBytes(line), read);

        Assert.Empty(problems);
        Assert.Equal(line + "\n", Encoding.UTF8.GetString(SampleJsonl.Write(read)));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void DeserializeThenSerialize_FixedLine_SameBytes(string line)
    {
        var sample = TunerJson.Deserialize<Sample>(Encoding.UTF8.GetBytes(line));

        Assert.Equal(line, Encoding.UTF8.GetString(TunerJson.Serialize(sample)));
    }
}
