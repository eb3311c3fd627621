namespace Tuner.Core.Statistics;

/// <summary>The 97.5% quantile of Student's t distribution (two-sided 95% intervals of a mean).</summary>
public static class StudentT
{
    private static readonly double[] Table =
    [
        double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>z(0.975).</summary>
    public const double Z975 = 1.959963984540054;

    /// <summary>t(0.975, df): table up to 30 degrees of freedom, Cornish–Fisher expansion above (error &lt; 1e-3).</summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (degreesOfFreedom < Table.Length)
        {
            return Table[degreesOfFreedom];
        }

        double z = Z975, df = degreesOfFreedom;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        return z + ((z3 + z) / (4 * df)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * df * df));
    }
}
