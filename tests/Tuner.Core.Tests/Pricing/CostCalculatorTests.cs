using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Statistics;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Pricing;

public sealed class CostCalculatorTests
{
    private static readonly PriceSheet Arm = PricingCatalog.Default.Get("us-east-1", "arm64");

    [Fact]
    public void PerInvocation_ConstantBilledDuration_IsDurationTimesMemoryTimesPrice()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        for (var i = 0; i < 10; i++)
        {
            builder.Add(TestData.Sample("c", i, 99.2, billedMs: 100, memoryMb: 1024, consumedWriteUnits: 25, items: 25));
        }

        var cost = CostCalculator.PerInvocation(builder.Build(), 1024, Arm);

        Assert.Equal(0.1m * 0.0000133334m, cost.ComputeUsd);
        Assert.Equal(0.0000002m, cost.RequestsUsd);
        Assert.Equal(25 * 0.000000625m, cost.DynamoDbUsd);
        Assert.Equal(cost.ComputeUsd + cost.RequestsUsd + cost.DynamoDbUsd, cost.TotalUsd);
        Assert.Equal(cost.TotalUsd, cost.TotalLowUsd);
        Assert.Equal(cost.TotalUsd, cost.TotalHighUsd);
        Assert.Equal(cost.TotalUsd * 1_000_000m, cost.PerMillionInvocationsUsd);
        Assert.Equal(Math.Round(cost.TotalUsd / 25m * 1000m, 12), cost.PerThousandItemsUsd);
    }

    [Fact]
    public void PerInvocation_UsesMeanBilledDurationNotAPercentile()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        builder.Add(TestData.Sample("c", 0, 10, billedMs: 10, memoryMb: 2048));
        builder.Add(TestData.Sample("c", 1, 10, billedMs: 10, memoryMb: 2048));
        builder.Add(TestData.Sample("c", 2, 1000, billedMs: 1000, memoryMb: 2048));

        var cost = CostCalculator.PerInvocation(builder.Build(), 2048, Arm);

        Assert.Equal(Math.Round(0.34m * 2m * 0.0000133334m, 12), cost.ComputeUsd);
        Assert.Null(cost.PerThousandItemsUsd);
        Assert.Equal(0m, cost.DynamoDbUsd);
        Assert.True(cost.TotalLowUsd < cost.TotalUsd && cost.TotalUsd < cost.TotalHighUsd);
    }

    [Fact]
    public void PerInvocation_ColdStartExtra_IsPricedAtTheProductionShareWithZeroAndTenPercentBeside()
    {
        var builder = new CellStatisticsBuilder(initBilled: true);
        for (var i = 0; i < 4; i++)
        {
            builder.Add(TestData.Sample("c", i, 99.2, billedMs: 100, memoryMb: 1024));
        }

        var warm = CostCalculator.PerInvocation(builder.Build(), 1024, Arm);
        var production = CostCalculator.PerInvocation(builder.Build(), 1024, Arm, coldExtraUsd: 0.00001, coldStartShare: 0.01);

        Assert.Equal(warm.TotalUsd, production.WarmUsd);
        Assert.Equal(warm.TotalUsd, production.AtNoColdStartsUsd);
        Assert.Equal(warm.TotalUsd + 0.0000001m, production.TotalUsd);
        Assert.Equal(warm.TotalUsd + 0.000001m, production.AtTenPercentColdStartsUsd);
        Assert.Equal(0.01, production.ColdStartShare);
        Assert.Equal(production.ComputeUsd + production.RequestsUsd + production.DynamoDbUsd, production.TotalUsd);
    }

    [Fact]
    public void Builder_InitNotIncludedInBilledDuration_AddsItWhenInitIsBilled()
    {
        var sample = TestData.Sample("c", 0, 100.4, billedMs: 101, cold: true) with { InitDurationMs = 250.3 };
        // Cold mode measures cold starts: their billed duration is what the INIT rule applies to.
        var billedBuilder = new CellStatisticsBuilder(initBilled: true, mode: MeasureMode.Cold);
        var freeBuilder = new CellStatisticsBuilder(initBilled: false, mode: MeasureMode.Cold);

        billedBuilder.Add(sample);
        freeBuilder.Add(sample);

        Assert.Equal(351, billedBuilder.Build().BilledDuration.Mean);
        Assert.Equal(101, freeBuilder.Build().BilledDuration.Mean);
    }

    [Fact]
    public void Builder_InitAlreadyInBilledDuration_KeepsTheReportedFigure()
    {
        // The FACTS example: Duration 395.99 + Init 265.72 = 661.71, billed 662.
        var sample = TestData.Sample("c", 0, 395.99, billedMs: 662, cold: true) with { InitDurationMs = 265.72 };
        var builder = new CellStatisticsBuilder(initBilled: true, mode: MeasureMode.Cold);

        builder.Add(sample);

        Assert.Equal(662, builder.Build().BilledDuration.Mean);
    }
}
