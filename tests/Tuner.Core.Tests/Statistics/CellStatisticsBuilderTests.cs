using Tuner.Core.Statistics;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Statistics;

public sealed class CellStatisticsBuilderTests
{
    [Fact]
    public void Build_MixedSamples_CountsErrorsColdStartsAndWorkload()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        builder.Add(TestData.Sample("c", 0, 100, cold: true, consumedWriteUnits: 20, items: 20) with { InitDurationMs = 300, BilledDurationMs = 400 });
        builder.Add(TestData.Sample("c", 1, 50, consumedWriteUnits: 30, items: 30) with { MaxMemoryUsedMb = 120 });
        builder.Add(TestData.Sample("c", 2, 60, errorType: "Runtime.OutOfMemory"));
        builder.Add(TestData.Sample("c", 3, 70, errorType: "Runtime.OutOfMemory", limitsEnforced: false));

        var stats = builder.Build();

        Assert.Equal(4, stats.Count);
        Assert.Equal(2, stats.Errors);
        Assert.Equal(0.5, stats.ErrorRate);
        Assert.Equal(0.25, stats.ColdStartShare);
        Assert.Equal(1, stats.ColdStarts);
        Assert.Equal(300, stats.MeanInitDurationMs);
        Assert.Equal(2, stats.Duration!.Count);
        Assert.Equal(75, stats.Duration.Mean);
        Assert.Equal(4, stats.BilledDuration.Count);
        Assert.Equal((400 + 50 + 60 + 70) / 4.0, stats.BilledDuration.Mean);
        Assert.Equal(120, stats.MaxMemoryUsedMb);
        Assert.Equal(2, stats.ErrorTypes["Runtime.OutOfMemory"]);
        Assert.False(stats.LimitsEnforced);
        Assert.Equal(2, stats.Workload!.ReportingSamples);
        Assert.Equal(50, stats.Workload.TotalItems);
        Assert.Equal(25, stats.Workload.MeanItems);
        Assert.Equal(25, stats.Workload.MeanConsumedWriteUnits);
        Assert.Equal("boom", builder.FirstErrorMessage("Runtime.OutOfMemory"));
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
