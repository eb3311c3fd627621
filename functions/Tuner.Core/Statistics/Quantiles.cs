namespace Tuner.Core.Statistics;

/// <summary>
/// Sample quantiles and their exact distribution-free confidence intervals.
/// The point estimate is Hyndman–Fan type 7 (linear interpolation, the R/NumPy default). The interval uses order
/// statistics: for ranks r &lt; s with P(r ≤ B ≤ s−1) ≥ 95%, B ~ Binomial(n, p), the true p-quantile lies in
/// [x(r), x(s)] with at least 95% probability for any continuous distribution. Where s would lie beyond the sample
/// there is no upper bound, and <see cref="Interval"/> says so (null) instead of reporting the maximum.
/// </summary>
public static class Quantiles
{
    /// <summary>Type 7 quantile of an ascending-sorted sample.</summary>
    public static double Type7(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("the sample is empty", nameof(sorted));
        }

        var h = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>
    /// The 95% order-statistic interval of the p-quantile of an ascending-sorted sample, or null when the sample is too
    /// small for one: for p = 0.95 an upper bound needs 72 samples (1 − 0.95ⁿ ≥ 0.975), and reporting the maximum in its
    /// place would cover the true p95 far less often than 95% (39% at n = 10).
    /// </summary>
    public static ConfidenceInterval? Interval(ReadOnlySpan<double> sorted, double p)
    {
        var (low, high) = Bounds(sorted.Length, p);
        return high is { } h && !sorted.IsEmpty ? new ConfidenceInterval(sorted[low], sorted[h]) : null;
    }

    /// <summary>
    /// 0-based indexes of the order statistics bounding the 95% interval of the p-quantile; <c>High</c> is null when the
    /// sample is too small for an upper bound (the lower bound, if the sample is too small for one, is the minimum —
    /// a lower bound of any quantile).
    /// </summary>
    public static (int Low, int? High) Bounds(int n, double p)
    {
        var (low, high, bounded) = Ranks(n, p);
        return (low, bounded ? high : null);
    }

    /// <summary>The fewest samples with an upper 95% bound of the p-quantile (72 for p95, 368 for p99).</summary>
    public static int MinimumForUpperBound(double p)
    {
        // 1 − pⁿ ≥ 0.975  ⇔  n ≥ log(0.025) / log(p).
        return (int)Math.Ceiling(Math.Log((1 - ConfidenceInterval.Level) / 2) / Math.Log(p) - 1e-9);
    }

    /// <summary>
    /// 0-based indexes (low, high) of the order statistics bounding the 95% interval of the p-quantile for n samples,
    /// from the exact Binomial(n, p) distribution.
    /// </summary>
    public static (int Low, int High) IntervalRanks(int n, double p)
    {
        var (low, high, _) = Ranks(n, p);
        return (low, high);
    }

    private static (int Low, int High, bool HighBounded) Ranks(int n, double p)
    {
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        }

        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), "p must be in (0, 1)");
        }

        const double alphaHalf = (1 - ConfidenceInterval.Level) / 2;

        // Binomial(n, p) probabilities, unnormalised (1 at the mode), walked outward with the exact term ratios until
        // terms fall below 1e-18 of the mode (about 9 standard deviations), then normalised by their sum: exact to
        // double precision, no log/exp per term, O(sqrt(n)) work.
        var mode = (int)Math.Clamp(Math.Floor((n + 1) * p), 0, n);
        var odds = p / (1 - p);
        const double negligible = 1e-18;
        var lowK = mode;
        var term = 1.0;
        var below = new List<double>();
        while (lowK > 0)
        {
            term *= lowK / ((n - lowK + 1) * odds);
            if (term < negligible)
            {
                break;
            }

            below.Add(term);
            lowK--;
        }

        var above = new List<double>();
        term = 1.0;
        for (var k = mode; k < n; k++)
        {
            term *= (n - k) / (k + 1.0) * odds;
            if (term < negligible)
            {
                break;
            }

            above.Add(term);
        }

        var total = 1.0 + below.Sum() + above.Sum();

        // cdf(k) = P(B <= k); r (1-based) = largest r with cdf(r-1) <= alpha/2, s = smallest s with cdf(s-1) >= 1 - alpha/2.
        var cdf = 0.0;
        var r = lowK;
        var s = n + 1;
        for (var index = 0; index <= below.Count + above.Count; index++)
        {
            var k = lowK + index;
            var weight = index < below.Count ? below[below.Count - 1 - index] : (index == below.Count ? 1.0 : above[index - below.Count - 1]);
            cdf += weight / total;
            if (cdf <= alphaHalf)
            {
                r = k + 1;
            }

            if (cdf >= 1 - alphaHalf)
            {
                s = k + 1;
                break;
            }
        }

        var low = Math.Clamp(r, 1, n) - 1;
        var high = Math.Clamp(s, 1, n) - 1;
        return (low, high, s <= n);
    }
}
