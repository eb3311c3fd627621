using Tuner.Core.Statistics;

namespace Tuner.Core.Tests.Statistics;

public sealed class HodgesLehmannTests
{
    [Theory]
    // Wilcoxon signed-rank, two-sided 5%: the largest T with P(T ≤ T) ≤ 2.5% (published tables: n 6 → 0, 10 → 8, 20 → 52).
    [InlineData(6, 0)]
    [InlineData(10, 8)]
    [InlineData(20, 52)]
    [InlineData(5, -1)]
    public void SignedRankCritical_MatchesThePublishedTable(int n, int expected) =>
        Assert.Equal(expected, HodgesLehmann.SignedRankCritical(n, 0.95));

    [Theory]
    // Mann–Whitney U, two-sided 5% (published tables: 5 × 5 → 2, 10 × 10 → 23, 8 × 12 → 22); 99% needs 5 per side.
    [InlineData(5, 5, 0.95, 2)]
    [InlineData(10, 10, 0.95, 23)]
    [InlineData(8, 12, 0.95, 22)]
    [InlineData(4, 4, 0.99, -1)]
    [InlineData(5, 5, 0.99, 0)]
    public void RankSumCritical_MatchesThePublishedTable(int n, int m, double confidence, int expected) =>
        Assert.Equal(expected, HodgesLehmann.RankSumCritical(n, m, confidence));

    [Fact]
    public void Critical_ExactAndNormalApproximation_AgreeWhereTheySwitch()
    {
        // 199 values: 19,900 Walsh averages, the last size computed exactly; the approximation's rank is within 0.2%.
        var exact = HodgesLehmann.SignedRankCritical(199, 0.95);
        var mean = 199 * 200 / 4.0;
        var approximate = Math.Floor(mean - 0.5 - (1.959964 * Math.Sqrt(199 * 200.0 * 399 / 24)));
        Assert.InRange(exact, approximate - 20, approximate + 20);
    }

    [Fact]
    public void OneSample_TooFewValues_HasNoInterval()
    {
        Assert.Null(HodgesLehmann.OneSample([1, 2, 3, 4, 5], 0.95));
        Assert.NotNull(HodgesLehmann.OneSample([1, 2, 3, 4, 5, 6], 0.95));
    }

    [Fact]
    public void OneSample_AFarValue_MovesTheEstimateByLittle()
    {
        // 20 rounds: one far value makes 20 of the 210 Walsh averages large, fewer than the 52 the 95% interval leaves out.
        double[] values = [0.01, -0.02, 0.03, 0.00, 0.02, -0.01, 0.01, 0.02, 0.00, 0.01, 0.02, -0.01, 0.00, 0.01, 0.03, -0.02, 0.01, 0.00, 0.02, 0.01];
        var clean = HodgesLehmann.OneSample(values, 0.95)!;
        values[3] = 0.7; // a warm-up pause of × 2 in one round
        var spiked = HodgesLehmann.OneSample(values, 0.95)!;

        Assert.InRange(spiked.Estimate - clean.Estimate, 0, 0.006);
        Assert.True(spiked.High - spiked.Low < 0.05, $"{spiked.Low}..{spiked.High}");
    }

    /// <summary>
    /// Real coverage by seeded simulation: the share of 2,000 intervals holding the true shift, for the shapes Tuner's
    /// comparisons meet — normal, heavy-tailed (Laplace), and round-by-round log ratios of CPU-bound durations with 5%
    /// warm-up spikes of × 1.45–2.25 on both sides (the noise measured on this machine, tests/Tuner.Benchmarks/Decisions).
    /// The signed-rank interval is exact for symmetric differences, so coverage is at least nominal, and the ranks'
    /// discreteness makes it a little higher at small n.
    /// </summary>
    [Theory]
    [InlineData("normal", 8)]
    [InlineData("normal", 50)]
    [InlineData("laplace", 20)]
    [InlineData("spiked", 8)]
    [InlineData("spiked", 20)]
    [InlineData("spiked", 50)]
    public void OneSample_Coverage_IsAtLeastNominal(string shape, int n)
    {
        var random = new Random(17);
        const double shift = -0.05;
        var covered = 0;
        const int trials = 2000;
        var values = new double[n];
        for (var trial = 0; trial < trials; trial++)
        {
            for (var i = 0; i < n; i++)
            {
                values[i] = shift + Draw(shape, random);
            }

            var interval = HodgesLehmann.OneSample(values, 0.95)!;
            covered += interval.Low <= shift && shift <= interval.High ? 1 : 0;
        }

        Assert.InRange((double)covered / trials, 0.94, 0.985);
    }

    [Theory]
    [InlineData("normal", 5, 5)]
    [InlineData("normal", 20, 20)]
    [InlineData("spiked", 8, 8)]
    [InlineData("spiked", 20, 50)]
    public void TwoSample_Coverage_IsAtLeastNominal(string shape, int n, int m)
    {
        var random = new Random(23);
        const double shift = 0.04;
        var covered = 0;
        const int trials = 2000;
        var x = new double[n];
        var y = new double[m];
        for (var trial = 0; trial < trials; trial++)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] = shift + Level(shape, random);
            }

            for (var j = 0; j < m; j++)
            {
                y[j] = Level(shape, random);
            }

            var interval = HodgesLehmann.TwoSample(x, y, 0.95)!;
            covered += interval.Low <= shift && shift <= interval.High ? 1 : 0;
        }

        Assert.InRange((double)covered / trials, 0.94, 0.985);
    }

    /// <summary>A symmetric difference: of two independent log durations for "spiked", else the shape itself.</summary>
    private static double Draw(string shape, Random random) => shape switch
    {
        "spiked" => Level(shape, random) - Level(shape, random),
        "laplace" => (random.NextDouble() < 0.5 ? -1 : 1) * -Math.Log(1 - random.NextDouble()) * 0.05,
        _ => Normal(random) * 0.05,
    };

    /// <summary>One log duration: normal(0, 0.05), and for "spiked" × U(1.45, 2.25) in 5% of invocations.</summary>
    private static double Level(string shape, Random random)
    {
        var value = Normal(random) * 0.05;
        return shape == "spiked" && random.NextDouble() < 0.05 ? value + Math.Log(1.45 + (0.8 * random.NextDouble())) : value;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
