using Tuner.Core.Statistics;

namespace Tuner.Core.Decisions;

/// <summary>
/// Intervals for the ratio of two means (candidate / reference), reported as a relative difference. Independent
/// samples use the delta method on the log of the ratio with Welch–Satterthwaite degrees of freedom; samples taken in
/// interleaved rounds are compared round by round (the ratio estimator Σx/Σy with the residuals xᵢ − R·yᵢ), which
/// cancels drift of the host between rounds. Known constant offsets (for example the production cold-start charge,
/// or the request charge) are added to both means. Coverage of both is checked by seeded simulation in the tests.
/// </summary>
public static class RatioOfMeans
{
    /// <summary>Null when either side has fewer than 2 samples or a mean that is not positive.</summary>
    public static RelativeDifference? Independent(
        ReadOnlySpan<double> candidate,
        ReadOnlySpan<double> reference,
        double confidence,
        double candidateOffset = 0,
        double referenceOffset = 0)
    {
        if (candidate.Length < 2 || reference.Length < 2)
        {
            return null;
        }

        var (cMean, cVar) = MeanAndVariance(candidate);
        var (rMean, rVar) = MeanAndVariance(reference);
        cMean += candidateOffset;
        rMean += referenceOffset;
        if (cMean <= 0 || rMean <= 0)
        {
            return null;
        }

        // Var(log x̄) ≈ s² / (n x̄²); Welch–Satterthwaite df on those two terms.
        var a = cVar / (candidate.Length * cMean * cMean);
        var b = rVar / (reference.Length * rMean * rMean);
        var se = Math.Sqrt(a + b);
        var logRatio = Math.Log(cMean / rMean);
        var df = se > 0 ? ((a + b) * (a + b)) / ((a * a / (candidate.Length - 1)) + (b * b / (reference.Length - 1))) : double.PositiveInfinity;
        var t = TQuantile.TwoSided(confidence, df);
        return new RelativeDifference(
            Math.Exp(logRatio) - 1,
            Math.Exp(logRatio - (t * se)) - 1,
            Math.Exp(logRatio + (t * se)) - 1,
            confidence,
            Paired: false,
            candidate.Length,
            reference.Length);
    }

    /// <summary>
    /// Pairs <paramref name="candidate"/>[i] with <paramref name="reference"/>[i] (one pair per interleaved round, each
    /// a round's mean). Null with fewer than 2 pairs or a mean that is not positive.
    /// </summary>
    public static RelativeDifference? Paired(
        ReadOnlySpan<double> candidate,
        ReadOnlySpan<double> reference,
        double confidence,
        double candidateOffset = 0,
        double referenceOffset = 0,
        int candidateSamples = 0,
        int referenceSamples = 0)
    {
        if (candidate.Length != reference.Length)
        {
            throw new ArgumentException("paired samples need one reference value per candidate value", nameof(reference));
        }

        var n = candidate.Length;
        if (n < 2)
        {
            return null;
        }

        double cSum = 0, rSum = 0;
        for (var i = 0; i < n; i++)
        {
            cSum += candidate[i] + candidateOffset;
            rSum += reference[i] + referenceOffset;
        }

        if (cSum <= 0 || rSum <= 0)
        {
            return null;
        }

        var ratio = cSum / rSum;
        var squares = 0.0;
        for (var i = 0; i < n; i++)
        {
            var residual = candidate[i] + candidateOffset - (ratio * (reference[i] + referenceOffset));
            squares += residual * residual;
        }

        var rMean = rSum / n;
        var seRatio = Math.Sqrt(squares / (n - 1) / n) / rMean;
        var seLog = seRatio / ratio;
        var t = TQuantile.TwoSided(confidence, n - 1);
        return new RelativeDifference(
            ratio - 1,
            (ratio * Math.Exp(-t * seLog)) - 1,
            (ratio * Math.Exp(t * seLog)) - 1,
            confidence,
            Paired: true,
            candidateSamples > 0 ? candidateSamples : n,
            referenceSamples > 0 ? referenceSamples : n);
    }

    /// <summary>Mean and unbiased variance in one pass (Welford).</summary>
    public static (double Mean, double Variance) MeanAndVariance(ReadOnlySpan<double> values)
    {
        double mean = 0, m2 = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var delta = values[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (values[i] - mean);
        }

        return (mean, values.Length > 1 ? m2 / (values.Length - 1) : 0);
    }
}
