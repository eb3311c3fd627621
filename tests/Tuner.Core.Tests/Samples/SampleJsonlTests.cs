using System.Text;
using Tuner.Core.Samples;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Samples;

public sealed class SampleJsonlTests
{
    [Fact]
    public void WriteThenRead_RoundTripsEverySample()
    {
        Sample[] samples =
        [
            TestData.Sample("t0-m512", 0, 12.5, cold: true, consumedWriteUnits: 25, items: 25),
            TestData.Sample("t0-m512", 1, 8.25, errorType: "Runtime.OutOfMemory"),
        ];

        var bytes = SampleJsonl.Write(samples);
        var read = new List<Sample>();
        var problems = SampleJsonl.Read(bytes, read);

        Assert.Empty(problems);
        Assert.Equal(samples, read);
        Assert.Equal(2, Encoding.UTF8.GetString(bytes).Count(c => c == '\n'));
        Assert.DoesNotContain("isError", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadLines_AreReportedByLineAndGoodLinesKept()
    {
        var good = Encoding.UTF8.GetString(SampleJsonl.Write([TestData.Sample("c", 0, 1)]));
        var text = good + "{\"cellId\":\"c\",\"index\":\n\n{}\n" + good;
        var read = new List<Sample>();

        var problems = SampleJsonl.Read(Encoding.UTF8.GetBytes(text), read, "runs/r/samples/c.jsonl");

        Assert.Equal(2, read.Count);
        Assert.Equal(["runs/r/samples/c.jsonl:2", "runs/r/samples/c.jsonl:4"], problems.Select(p => p.Path));
    }
}
