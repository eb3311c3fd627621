namespace Tuner.Core.Statistics;

/// <summary>Summaries of a sample: mean with a t-interval, standard deviation, quantiles with exact intervals, Wilson intervals of a proportion.</summary>
public static class Descriptive
{
    /// <summary>Sorts <paramref name="values"/> in place and summarises it.</summary>
    public static DistributionStatistics Summarize(Span<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("the sample is empty", nameof(values));
        }

        // Sorting first makes the sums (and so every figure) independent of the order samples arrived in.
        values.Sort();
        var n = values.Length;
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var mean = sum / n;
        var squares = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            squares += d * d;
        }

        var stdDev = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        var halfWidth = n > 1 ? StudentT.Quantile975(n - 1) * stdDev / Math.Sqrt(n) : 0;
        ReadOnlySpan<double> sorted = values;
        return new DistributionStatistics(
            n,
            mean,
            new ConfidenceInterval(mean - halfWidth, mean + halfWidth),
            stdDev,
            sorted[0],
            sorted[^1],
            Quantiles.Type7(sorted, 0.50),
            Quantiles.Interval(sorted, 0.50),
            Quantiles.Type7(sorted, 0.90),
            Quantiles.Interval(sorted, 0.90),
            Quantiles.Type7(sorted, 0.95),
            Quantiles.Interval(sorted, 0.95),
            Quantiles.Type7(sorted, 0.99),
            Quantiles.Interval(sorted, 0.99));
    }

    /// <summary>
    /// Mean and 95% t-interval of a sample given by its count, sum and sum of squares. Callers accumulate in decimal so
    /// the result does not depend on the order of the samples.
    /// </summary>
    public static (double Mean, ConfidenceInterval Ci) MeanInterval(long count, decimal sum, decimal sumOfSquares)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "count must be positive");
        }

        var mean = (double)(sum / count);
        if (count == 1)
        {
            return (mean, new ConfidenceInterval(mean, mean));
        }

        var variance = Math.Max(0, (double)((sumOfSquares - (sum * sum / count)) / (count - 1)));
        var halfWidth = StudentT.Quantile975((int)Math.Min(count - 1, int.MaxValue)) * Math.Sqrt(variance / count);
        return (mean, new ConfidenceInterval(mean - halfWidth, mean + halfWidth));
    }

    /// <summary>Wilson score 95% interval of a proportion (well-behaved at 0 and 1, unlike the normal interval).</summary>
    public static ConfidenceInterval Wilson(long successes, long trials)
    {
        if (trials <= 0)
        {
            return new ConfidenceInterval(0, 1);
        }

        const double z = StudentT.Z975;
        var p = (double)successes / trials;
        var z2n = z * z / trials;
        var centre = (p + (z2n / 2)) / (1 + z2n);
        var half = z * Math.Sqrt((p * (1 - p) / trials) + (z2n / (4 * trials))) / (1 + z2n);
        return new ConfidenceInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
