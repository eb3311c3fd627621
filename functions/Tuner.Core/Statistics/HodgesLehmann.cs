using System.Collections.Concurrent;

namespace Tuner.Core.Statistics;

/// <summary>
/// Hodges–Lehmann estimates of location and their distribution-free intervals. One sample (for example paired
/// differences): the median of the Walsh averages (dᵢ + dⱼ) / 2, i ≤ j, with the interval from the Wilcoxon
/// signed-rank distribution. Two samples: the median of the differences xᵢ − yⱼ, with the interval from the
/// Mann–Whitney distribution. The critical ranks are exact (computed once per sample size and confidence and kept)
/// up to <see cref="ExactLimit"/> Walsh averages or differences, and from the normal approximation with continuity
/// correction beyond. Under symmetry (one sample) or a pure shift (two samples) the coverage is at least the nominal
/// level for any continuous distribution; a few far values (for example a runtime's warm-up pauses) move the estimate
/// by at most one rank, where they move a mean by their whole size. References: Hollander, Wolfe and Chicken,
/// <i>Nonparametric Statistical Methods</i>, 3rd ed., §3.2 and §4.3.
/// </summary>
public static class HodgesLehmann
{
    /// <summary>Largest count of Walsh averages (n(n+1)/2) or differences (n·m) whose critical rank is computed exactly.</summary>
    public const int ExactLimit = 20_000;

    private static readonly ConcurrentDictionary<(int N, int M, double Confidence), int> Critical = new();

    /// <summary>
    /// The one-sample estimate and two-sided interval at <paramref name="confidence"/>, or null when there are fewer than
    /// 2 values or so few that no interval at this confidence excludes anything (for example 95% needs 6 values).
    /// </summary>
    public static LocationEstimate? OneSample(ReadOnlySpan<double> values, double confidence)
    {
        var n = values.Length;
        if (n < 2)
        {
            return null;
        }

        var c = Critical.GetOrAdd((n, 0, confidence), key => SignedRankCritical(key.N, key.Confidence));
        if (c < 0)
        {
            return null;
        }

        var count = n * (n + 1) / 2;
        var at = PairwiseSelection.WalshAverages(values, [.. MedianRanks(count), c, count - 1 - c]);
        return new LocationEstimate(Median(at, count), at[^2], at[^1], n, n);
    }

    /// <summary>The shift of <paramref name="x"/> over <paramref name="y"/> (x − y) and its two-sided interval, or null as for <see cref="OneSample"/>.</summary>
    public static LocationEstimate? TwoSample(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence)
    {
        if (x.Length < 2 || y.Length < 2)
        {
            return null;
        }

        var (n, m) = x.Length <= y.Length ? (x.Length, y.Length) : (y.Length, x.Length);
        var c = Critical.GetOrAdd((n, m, confidence), key => RankSumCritical(key.N, key.M, key.Confidence));
        if (c < 0)
        {
            return null;
        }

        var count = n * m;
        var at = PairwiseSelection.Differences(x, y, [.. MedianRanks(count), c, count - 1 - c]);
        return new LocationEstimate(Median(at, count), at[^2], at[^1], x.Length, y.Length);
    }

    /// <summary>The one-sample estimate alone (the pseudo-median), NaN for no values.</summary>
    public static double PseudoMedian(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var count = n * (n + 1) / 2;
        return Median(PairwiseSelection.WalshAverages(values, MedianRanks(count)), count);
    }

    /// <summary>
    /// The 0-based rank c such that [W(c), W(M − 1 − c)] of the M sorted Walsh averages is the interval: the largest c
    /// with P(T ≤ c) ≤ (1 − confidence) / 2 for the signed-rank statistic T of n values; −1 when there is none.
    /// </summary>
    public static int SignedRankCritical(int n, double confidence)
    {
        var tail = (1 - confidence) / 2;
        var total = n * (n + 1) / 2;
        if (total <= ExactLimit)
        {
            // P(T = t) by adding ranks one at a time: each rank is in the positive set with probability ½.
            var p = new double[total + 1];
            p[0] = 1;
            var top = 0;
            for (var rank = 1; rank <= n; rank++)
            {
                top += rank;
                for (var t = top; t >= rank; t--)
                {
                    p[t] = (p[t] + p[t - rank]) / 2;
                }

                for (var t = rank - 1; t >= 0; t--)
                {
                    p[t] /= 2;
                }
            }

            return LargestWithin(p, tail);
        }

        var mean = total / 2.0;
        var sd = Math.Sqrt(n * (n + 1.0) * ((2.0 * n) + 1) / 24);
        return (int)Math.Floor(mean - 0.5 - (TQuantile.TwoSided(confidence, double.PositiveInfinity) * sd));
    }

    /// <summary>As <see cref="SignedRankCritical"/> for the Mann–Whitney statistic U of samples of n and m values.</summary>
    public static int RankSumCritical(int n, int m, double confidence)
    {
        var tail = (1 - confidence) / 2;
        if (n * m <= ExactLimit)
        {
            // Counts of U over the C(n+m, n) arrangements: f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u), as probabilities.
            var g = new double[n + 1][];
            for (var i = 0; i <= n; i++)
            {
                g[i] = new double[(n * m) + 1];
                g[i][0] = 1;
            }

            for (var j = 1; j <= m; j++)
            {
                var next = new double[n + 1][];
                next[0] = new double[(n * m) + 1];
                next[0][0] = 1;
                for (var i = 1; i <= n; i++)
                {
                    next[i] = new double[(n * m) + 1];
                    var wi = (double)i / (i + j);
                    var wj = (double)j / (i + j);
                    for (var u = 0; u <= i * j; u++)
                    {
                        var withX = u >= j ? next[i - 1][u - j] : 0;
                        var withY = g[i][u];
                        next[i][u] = (wi * withX) + (wj * withY);
                    }
                }

                g = next;
            }

            return LargestWithin(g[n], tail);
        }

        var mean = n * m / 2.0;
        var sd = Math.Sqrt(n * m * (n + m + 1.0) / 12);
        return (int)Math.Floor(mean - 0.5 - (TQuantile.TwoSided(confidence, double.PositiveInfinity) * sd));
    }

    private static int LargestWithin(double[] probabilities, double tail)
    {
        var cumulative = 0.0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            cumulative += probabilities[c];
            if (cumulative > tail + 1e-12)
            {
                return c - 1;
            }
        }

        return probabilities.Length - 1;
    }

    /// <summary>The 0-based rank of the median of <paramref name="count"/> values, or the two ranks whose mean it is.</summary>
    private static int[] MedianRanks(int count) => count % 2 == 1 ? [count / 2] : [(count / 2) - 1, count / 2];

    /// <summary>The median of <paramref name="count"/> values from the values at <see cref="MedianRanks"/>, which lead <paramref name="selected"/>.</summary>
    private static double Median(double[] selected, int count) => count % 2 == 1 ? selected[0] : (selected[0] + selected[1]) / 2;
}

/// <summary>A Hodges–Lehmann estimate with its interval and the sample sizes behind it.</summary>
public sealed record LocationEstimate(double Estimate, double Low, double High, int Samples, int ReferenceSamples);
