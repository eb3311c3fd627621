using Tuner.Core.Statistics;

namespace Tuner.Core.Tests.Statistics;

public sealed class QuantilesTests
{
    [Theory]
    [InlineData(0.50, 50.5)]
    [InlineData(0.90, 90.1)]
    [InlineData(0.95, 95.05)]
    [InlineData(0.99, 99.01)]
    public void Type7_OneToHundred_MatchesTheDefinition(double p, double expected)
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(expected, Quantiles.Type7(sorted, p), 10);
    }

    [Fact]
    public void IntervalRanks_MedianOfHundred_IsTheClassicalRanks40And61()
    {
        var (low, high) = Quantiles.IntervalRanks(100, 0.5);

        Assert.Equal((39, 60), (low, high));
    }

    [Fact]
    public void IntervalRanks_P99OfFive_IsOpenEndedAtTheMaximum()
    {
        var (low, high) = Quantiles.IntervalRanks(5, 0.99);

        Assert.Equal((3, 4), (low, high));
    }

    [Fact]
    public void Interval_ExponentialP95_CoversTheTrueQuantileAbout95PercentOfTheTime()
    {
        // Exponential(1): the true p95 is -ln(0.05).
        var truth = -Math.Log(0.05);
        var random = new Random(20261121);
        const int trials = 2000;
        const int n = 200;
        var covered = 0;
        var estimates = 0.0;
        var sample = new double[n];
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < n; i++)
            {
                sample[i] = -Math.Log(1 - random.NextDouble());
            }

            Array.Sort(sample);
            if (Quantiles.Interval(sample, 0.95)!.Contains(truth))
            {
                covered++;
            }

            estimates += Quantiles.Type7(sample, 0.95);
        }

        Assert.InRange(covered / (double)trials, 0.94, 0.985);
        Assert.InRange(estimates / trials, truth * 0.97, truth * 1.03);
    }

    [Fact]
    public void Interval_UniformMedian_CoversTheTrueMedianAbout95PercentOfTheTime()
    {
        var random = new Random(7);
        const int trials = 2000;
        var covered = 0;
        var sample = new double[51];
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = random.NextDouble() * 100;
            }

            Array.Sort(sample);
            covered += Quantiles.Interval(sample, 0.5)!.Contains(50) ? 1 : 0;
        }

        Assert.InRange(covered / (double)trials, 0.94, 0.985);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(37)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(10000)]
    public void IntervalRanks_AnyN_EqualsTheBruteForceBinomialSearch(int n)
    {
        foreach (var p in new[] { 0.5, 0.9, 0.95, 0.99 })
        {
            Assert.Equal(BruteForce(n, p), Quantiles.IntervalRanks(n, p));
        }
    }

    [Fact]
    public void Type7_EmptySample_Throws()
    {
        Assert.Throws<ArgumentException>(() => Quantiles.Type7([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantiles.IntervalRanks(10, 1));
    }

    // Sums every Binomial(n, p) term in log space, the textbook way.
    private static (int Low, int High) BruteForce(int n, double p)
    {
        var logPmf = n * Math.Log(1 - p);
        var cdf = 0.0;
        int r = 0, s = n + 1;
        for (var k = 0; k <= n; k++)
        {
            cdf += Math.Exp(logPmf);
            if (cdf <= 0.025)
            {
                r = k + 1;
            }

            if (cdf >= 0.975)
            {
                s = k + 1;
                break;
            }

            logPmf += Math.Log((double)(n - k) / (k + 1)) + Math.Log(p / (1 - p));
        }

        return (Math.Clamp(r, 1, n) - 1, Math.Clamp(s, 1, n) - 1);
    }
}
