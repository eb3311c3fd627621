using Tuner.Core.Statistics;

namespace Tuner.Core.Tests.Statistics;

/// <summary>
/// The p95 order-statistic interval that <c>Constraints</c> judges <c>maxP95Ms</c> on: by seeded simulation it holds
/// the true p95 at least 95% of the time wherever it exists (n ≥ 72), on skewed and spiky latency shapes like the
/// ones measured on the local Lambda service, and it does not exist below 72 samples.
/// </summary>
public sealed class QuantilesCoverageTests
{
    [Theory]
    [InlineData(72)]
    [InlineData(73)]
    [InlineData(100)]
    [InlineData(400)]
    public void Interval_LognormalP95_CoversAtLeast95Percent(int n)
    {
        // Lognormal σ = 0.5: the true p95 is exp(1.6449 × 0.5).
        var random = new Random(n);

        var coverage = Coverage(n, () => Math.Exp(0.5 * Normal(random)), Math.Exp(1.6448536 * 0.5));

        Assert.InRange(coverage, 0.945, 1.0);
    }

    [Theory]
    [InlineData(72)]
    [InlineData(150)]
    public void Interval_SpikyLatencyP95_CoversAtLeast95Percent(int n)
    {
        // 80 ms ± 8% with 8% of invocations × U(1.45, 2.45) (the CPU-bound shape measured here): the spike
        // component puts the p95 inside the spikes, where the density is low and the interval wide.
        var random = new Random(1000 + n);
        double Draw() => 80 * Math.Exp(0.08 * Normal(random)) * (random.NextDouble() < 0.08 ? 1.45 + random.NextDouble() : 1);
        var truth = TrueQuantile(Draw, 0.95);

        var coverage = Coverage(n, Draw, truth);

        Assert.InRange(coverage, 0.945, 1.0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(71)]
    public void Interval_FewerThan72Samples_IsNull(int n)
    {
        var sorted = Enumerable.Range(1, n).Select(i => (double)i).ToArray();

        Assert.Null(Quantiles.Interval(sorted, 0.95));
        Assert.Equal(72, Quantiles.MinimumForUpperBound(0.95));
    }

    [Fact]
    public void Interval_Exactly72Samples_HasTheMaximumAsUpperBound()
    {
        var sorted = Enumerable.Range(1, 72).Select(i => (double)i).ToArray();

        var interval = Quantiles.Interval(sorted, 0.95);

        Assert.NotNull(interval);
        Assert.Equal(72, interval.High);
    }

    private static double Coverage(int n, Func<double> draw, double truth)
    {
        const int trials = 4000;
        var covered = 0;
        var sample = new double[n];
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < n; i++)
            {
                sample[i] = draw();
            }

            Array.Sort(sample);
            covered += Quantiles.Interval(sample, 0.95)!.Contains(truth) ? 1 : 0;
        }

        return covered / (double)trials;
    }

    private static double TrueQuantile(Func<double> draw, double p)
    {
        var big = new double[400_000];
        for (var i = 0; i < big.Length; i++)
        {
            big[i] = draw();
        }

        Array.Sort(big);
        return Quantiles.Type7(big, p);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
