using Tuner.Core.Statistics;

namespace Tuner.Core.Tests.Statistics;

public sealed class DescriptiveTests
{
    [Fact]
    public void Summarize_KnownSample_GivesMeanStdDevAndTInterval()
    {
        double[] values = [2, 4, 4, 4, 5, 5, 7, 9];

        var stats = Descriptive.Summarize(values);

        Assert.Equal(5, stats.Mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), stats.StdDev, 12);
        var half = 2.365 * Math.Sqrt(32.0 / 7) / Math.Sqrt(8);
        Assert.Equal(5 - half, stats.MeanCi.Low, 12);
        Assert.Equal(5 + half, stats.MeanCi.High, 12);
        Assert.Equal(2, stats.Min);
        Assert.Equal(9, stats.Max);
        Assert.Equal(4.5, stats.P50, 12);
    }

    [Fact]
    public void Summarize_NormalSamples_MeanIntervalCoversAbout95Percent()
    {
        var random = new Random(42);
        const int trials = 2000;
        var covered = 0;
        var sample = new double[30];
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                // Box–Muller: N(100, 15).
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                sample[i] = 100 + (15 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            covered += Descriptive.Summarize(sample).MeanCi.Contains(100) ? 1 : 0;
        }

        Assert.InRange(covered / (double)trials, 0.935, 0.965);
    }

    [Fact]
    public void MeanInterval_FromSums_EqualsTheDirectComputation()
    {
        double[] values = [1.5, 2.5, 10, 3, 4.25];

        var (mean, ci) = Descriptive.MeanInterval(values.Length, values.Sum(v => (decimal)v), values.Sum(v => (decimal)v * (decimal)v));
        var direct = Descriptive.Summarize(values.ToArray());

        Assert.Equal(direct.Mean, mean, 12);
        Assert.Equal(direct.MeanCi.Low, ci.Low, 9);
        Assert.Equal(direct.MeanCi.High, ci.High, 9);
    }

    [Theory]
    [InlineData(0, 10, 0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1)]
    public void Wilson_KnownProportions_MatchPublishedIntervals(int successes, int trials, double low, double high)
    {
        var ci = Descriptive.Wilson(successes, trials);

        Assert.Equal(low, ci.Low, 4);
        Assert.Equal(high, ci.High, 4);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(10, 2.228)]
    [InlineData(30, 2.042)]
    [InlineData(60, 2.000)]
    [InlineData(120, 1.980)]
    [InlineData(1000, 1.962)]
    public void Quantile975_KnownDegreesOfFreedom_MatchTables(int df, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile975(df), 3);
    }
}
