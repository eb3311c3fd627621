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

    [Fact]
    public void Read_SameCellIdOnEveryLine_SharesOneString()
    {
        var bytes = SampleJsonl.Write([TestData.Sample("t0-m512", 0, 1), TestData.Sample("t0-m512", 1, 2, errorType: "E"), TestData.Sample("t0-m512", 2, 3, errorType: "E")]);
        var read = new List<Sample>();

        SampleJsonl.Read(bytes, read);

        Assert.Same(read[0].CellId, read[2].CellId);
        Assert.Same(read[1].ErrorType, read[2].ErrorType);
    }

    [Fact]
    public void Read_UnknownFieldsAndMissingOnes_SkipsTheFormerAndReportsTheLatter()
    {
        const string text = """
            {"cellId":"c","index":0,"coldStart":false,"durationMs":1.5,"billedDurationMs":2,"memorySizeMb":128,"maxMemoryUsedMb":60,"future":{"x":[1,2]}}
            {"cellId":"c","index":1,"coldStart":false,"durationMs":1.5,"memorySizeMb":128}
            """;
        var read = new List<Sample>();

        var problems = SampleJsonl.Read(Encoding.UTF8.GetBytes(text), read, "f");

        Assert.Equal(1.5, Assert.Single(read).DurationMs);
        Assert.Equal([new Tuner.Core.Requests.ValidationProblem("f:2", "not a sample: missing billedDurationMs, maxMemoryUsedMb")], problems);
    }

    [Fact]
    public void Read_WhatTheSerializerWrites_EqualsWhatTheSerializerReads()
    {
        var sample = new Sample { CellId = "t0-m1769-b25-e1a2b3c4d", Index = 7, ColdStart = true, DurationMs = 395.99, BilledDurationMs = 662, InitDurationMs = 265.72, MemorySizeMb = 1769, MaxMemoryUsedMb = 301, ErrorType = "Runtime.OutOfMemory", ErrorMessage = "killed \"hard\" ü", Items = 25, ConsumedWriteUnits = 12.5, Retries = 1, Throttles = 2, LimitsEnforced = false, RestoreDurationMs = 12.25 };
        var bytes = SampleJsonl.Write([sample]);
        var read = new List<Sample>();

        SampleJsonl.Read(bytes, read);

        Assert.Equal(sample, Assert.Single(read));
        Assert.Equal(Tuner.Core.Serialization.TunerJson.Deserialize<Sample>(bytes.AsSpan(0, bytes.Length - 1)), read[0]);
    }
}
