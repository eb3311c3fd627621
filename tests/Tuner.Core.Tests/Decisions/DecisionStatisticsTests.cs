using Tuner.Core.Decisions;

namespace Tuner.Core.Tests.Decisions;

public sealed class DecisionStatisticsTests
{
    [Theory]
    [InlineData(DecisionStatistic.HodgesLehmann, "hodges-lehmann", "typical")]
    [InlineData(DecisionStatistic.RatioOfMeans, "ratio-of-means", "mean")]
    public void Name_RoundTripsAndNamesTheFigures(DecisionStatistic statistic, string name, string word)
    {
        Assert.Equal(name, statistic.Name());
        Assert.Equal(statistic, DecisionStatistics.FromName(name));
        Assert.Equal(word, statistic.FigureWord());
    }

    [Fact]
    public void FromName_ReportWithoutAStatistic_WasDecidedOnRatiosOfMeans()
    {
        // Reports before schemaVersion recorded the statistic compared means.
        Assert.Equal(DecisionStatistic.RatioOfMeans, DecisionStatistics.FromName(null));
    }
}
