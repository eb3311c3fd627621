using Tuner.Core.Statistics;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Statistics;

public sealed class CellStatisticsBuilderTests
{
    [Fact]
    public void Build_MixedSamples_StatisticsOfWarmSamplesOnlyColdStartsCountedApart()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        builder.Add(TestData.Sample("c", 0, 100, cold: true, consumedWriteUnits: 20, items: 20) with { InitDurationMs = 300, BilledDurationMs = 400 });
        builder.Add(TestData.Sample("c", 1, 50, consumedWriteUnits: 30, items: 30) with { MaxMemoryUsedMb = 120 });
        builder.Add(TestData.Sample("c", 2, 60, errorType: "Runtime.OutOfMemory"));
        builder.Add(TestData.Sample("c", 3, 70, errorType: "Runtime.OutOfMemory", limitsEnforced: false));

        var stats = builder.Build();

        // The cold start (sample 0) is kept out of every warm figure but counted and profiled.
        Assert.Equal(3, stats.Count);
        Assert.Equal(2, stats.Errors);
        Assert.Equal(2 / 3.0, stats.ErrorRate);
        Assert.Equal(0.25, stats.ColdStartShare);
        Assert.Equal(1, stats.ColdStarts);
        Assert.Equal(300, stats.MeanInitDurationMs);
        Assert.Equal(1, stats.Duration!.Count);
        Assert.Equal(50, stats.Duration.Mean);
        Assert.Equal(3, stats.BilledDuration.Count);
        Assert.Equal((50 + 60 + 70) / 3.0, stats.BilledDuration.Mean);
        Assert.Equal(120, stats.MaxMemoryUsedMb);
        Assert.Equal(2, stats.ErrorTypes["Runtime.OutOfMemory"]);
        Assert.False(stats.LimitsEnforced);
        Assert.Equal(1, stats.Workload!.ReportingSamples);
        Assert.Equal(30, stats.Workload.TotalItems);
        Assert.Equal(30, stats.Workload.MeanItems);
        Assert.Equal(30, stats.Workload.MeanConsumedWriteUnits);
        Assert.Equal("boom", builder.FirstErrorMessage("Runtime.OutOfMemory"));
    }

    [Fact]
    public void Build_FailuresThatKillTheirEnvironment_AreMeasuredThoughEveryOneIsCold()
    {
        // Out of memory ends the environment, so the next invocation is cold again: none is warm, all must count.
        var builder = new CellStatisticsBuilder(initBilled: true);
        builder.Add(TestData.Sample("c", 0, 40, cold: true, errorType: "Runtime.OutOfMemory") with { Warmup = true });
        builder.Add(TestData.Sample("c", 1, 40, cold: true, errorType: "Runtime.OutOfMemory"));
        builder.Add(TestData.Sample("c", 2, 40, cold: true, errorType: "Runtime.OutOfMemory"));

        var stats = builder.Build();

        Assert.Equal(2, stats.Count);
        Assert.Equal(2, stats.Errors);
        Assert.Null(stats.Duration);
        Assert.Equal(3, stats.ColdStarts);
    }

    [Fact]
    public void Build_WarmupSamples_AreNotMeasured()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        builder.Add(TestData.Sample("c", 0, 500) with { Warmup = true });
        builder.Add(TestData.Sample("c", 1, 50));

        var stats = builder.Build();

        Assert.Equal(1, stats.Count);
        Assert.Equal(2, builder.Invocations);
        Assert.Equal(50, stats.Duration!.Mean);
    }

    [Fact]
    public void Build_OnlyErrors_HasNoDurationButBilledDuration()
    {
        var builder = new CellStatisticsBuilder(initBilled: false);
        builder.Add(TestData.Sample("c", 0, 3000, errorType: "Sandbox.Timedout"));

        var stats = builder.Build();

        Assert.Null(stats.Duration);
        Assert.Equal(3000, stats.BilledDuration.Mean);
        Assert.Equal(1, stats.ErrorRate);
        Assert.Null(stats.Workload);
    }

    [Fact]
    public void Build_NoSamples_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new CellStatisticsBuilder(true).Build());
    }
}
