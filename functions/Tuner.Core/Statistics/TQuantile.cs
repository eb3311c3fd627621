using System.Collections.Concurrent;

namespace Tuner.Core.Statistics;

/// <summary>
/// Two-sided Student t critical values at any confidence level (MathNet.Numerics' inverse CDF), cached per level and
/// whole degrees of freedom: the staged decisions ask for thousands of them per run, the simulation for millions.
/// Fractional (Welch) degrees of freedom are rounded down, which widens the interval slightly.
/// </summary>
public static class TQuantile
{
    private const int MaxCachedDf = 1000;
    private static readonly ConcurrentDictionary<(double Level, int Df), double> Cache = new();

    /// <summary>The t value with <paramref name="confidence"/> of the mass between −t and t.</summary>
    public static double TwoSided(double confidence, double degreesOfFreedom)
    {
        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), "the confidence level must be in (0, 1)");
        }

        var df = double.IsFinite(degreesOfFreedom) ? Math.Max(1, (int)Math.Floor(degreesOfFreedom)) : MaxCachedDf + 1;
        if (df > MaxCachedDf)
        {
            return Cache.GetOrAdd((confidence, int.MaxValue), key => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 1 - ((1 - key.Level) / 2)));
        }

        return Cache.GetOrAdd((confidence, df), key => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, key.Df, 1 - ((1 - key.Level) / 2)));
    }
}
