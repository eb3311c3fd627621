using Tuner.Core.Pricing;

namespace Tuner.Core.Tests.Pricing;

public sealed class PricingCatalogTests
{
    private static readonly DateOnly ReadOn = new(2026, 11, 21);

    [Fact]
    public void Default_UsEast1X86_MatchesFacts()
    {
        var sheet = PricingCatalog.Default.Get("us-east-1", "x86_64");

        Assert.Equal(0.0000166667m, sheet.UsdPerGbSecond);
        Assert.Equal(0.20m, sheet.RequestsPerMillion.Usd);
        Assert.Equal(0.625m, sheet.DynamoDbWriteRequestUnitsPerMillion.Usd);
        Assert.Equal(0.025m, sheet.StepFunctionsTransitionsPerThousand.Usd);
        Assert.True(sheet.InitBilled);
        Assert.Equal(new DateOnly(2025, 8, 1), sheet.InitBilledSince);
    }

    [Fact]
    public void Default_UsEast1Arm64_MatchesFacts()
    {
        var sheet = PricingCatalog.Default.Get("us-east-1", "arm64");

        Assert.Equal(0.0000133334m, sheet.UsdPerGbSecond);
        Assert.Equal(0.0000002m, sheet.UsdPerRequest);
        Assert.Equal(0.000000625m, sheet.UsdPerWriteRequestUnit);
        Assert.Equal(0.000025m, sheet.UsdPerTransition);
    }

    [Fact]
    public void Default_EveryPrice_CarriesTheDateItWasRead()
    {
        foreach (var sheet in PricingCatalog.Default.Sheets)
        {
            Assert.All(sheet.ComputeTiers, t => Assert.Equal(ReadOn, t.PerGbSecond.ReadOn));
            Assert.Equal(ReadOn, sheet.RequestsPerMillion.ReadOn);
            Assert.Equal(ReadOn, sheet.DynamoDbWriteRequestUnitsPerMillion.ReadOn);
            Assert.Equal(ReadOn, sheet.StepFunctionsTransitionsPerThousand.ReadOn);
            Assert.False(string.IsNullOrWhiteSpace(sheet.RequestsPerMillion.Source));
        }
    }

    [Fact]
    public void MonthlyComputeUsd_AcrossTiers_AppliesEachTierPrice()
    {
        var sheet = PricingCatalog.Default.Get("us-east-1", "x86_64");

        // 6 B GB-s at the first tier, 9 B at the second, 1 B at the third.
        var usd = sheet.MonthlyComputeUsd(16_000_000_000m);

        Assert.Equal((6_000_000_000m * 0.0000166667m) + (9_000_000_000m * 0.000015m) + (1_000_000_000m * 0.0000133334m), usd);
    }

    [Fact]
    public void MonthlyComputeUsd_WithinFirstTier_IsLinear()
    {
        var sheet = PricingCatalog.Default.Get("us-east-1", "arm64");

        Assert.Equal(1000m * 0.0000133334m, sheet.MonthlyComputeUsd(1000m));
        Assert.Equal(0m, sheet.MonthlyComputeUsd(0m));
    }

    [Fact]
    public void TryGet_UnknownRegion_ReturnsFalse()
    {
        Assert.False(PricingCatalog.Default.TryGet("xx-nowhere-1", "arm64", out _));
        Assert.Throws<KeyNotFoundException>(() => PricingCatalog.Default.Get("xx-nowhere-1", "arm64"));
        Assert.Contains("us-east-1", PricingCatalog.Default.Regions);
    }
}
