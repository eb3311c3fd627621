using Tuner.Reports.Charts;

namespace Tuner.Reports.Tests.Charts;

public sealed class NiceScaleTests
{
    [Theory]
    [InlineData(171, 3988, 0, 4000, 1000)]
    [InlineData(314.7, 377.6, 300, 380, 20)]
    [InlineData(0.0021, 0.0087, 0, 0.01, 0.002)]
    [InlineData(5, 5, 0, 6, 2)]
    public void Create_Range_NiceBoundsAndStep(double min, double max, double expectedMin, double expectedMax, double expectedStep)
    {
        var scale = NiceScale.Create(min, max);

        Assert.Equal(expectedMin, scale.Min, 9);
        Assert.Equal(expectedMax, scale.Max, 9);
        Assert.Equal(expectedStep, scale.Step, 9);
        Assert.True(scale.Min <= min && scale.Max >= max);
    }

    [Fact]
    public void Ticks_DecimalStep_NoFloatingPointDrift()
    {
        var scale = NiceScale.Create(0.01, 0.7);

        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8], scale.Ticks());
        Assert.Equal("0.6", Svg.Tick(scale.Ticks()[3], scale.Step));
    }

    [Fact]
    public void Map_EndsOfScale_ToPixelEnds()
    {
        var scale = NiceScale.Create(0, 100);

        Assert.Equal(84, scale.Map(scale.Min, 84, 900));
        Assert.Equal(900, scale.Map(scale.Max, 84, 900));
    }
}
