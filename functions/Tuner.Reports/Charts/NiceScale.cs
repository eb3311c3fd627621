namespace Tuner.Reports.Charts;

/// <summary>
/// A linear axis with "nice" round ticks (1, 2, 2.5, 5 × 10^n) covering a data range, so readers get
/// labels like 0, 50, 100 rather than 3.7, 41.2, 78.7.
/// </summary>
internal sealed class NiceScale
{
    private NiceScale(double min, double max, double step)
    {
        Min = min;
        Max = max;
        Step = step;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    /// <summary>Builds a scale that starts at zero when the data is close to it (honest bars), else at a nice floor.</summary>
    public static NiceScale Create(double dataMin, double dataMax, int maxTicks = 6)
    {
        if (double.IsNaN(dataMin) || double.IsNaN(dataMax) || double.IsInfinity(dataMin) || double.IsInfinity(dataMax))
        {
            dataMin = 0;
            dataMax = 1;
        }

        if (dataMin > dataMax)
        {
            (dataMin, dataMax) = (dataMax, dataMin);
        }

        // Start at zero when the data's low end is within half its span of zero: ratios stay readable.
        if (dataMin > 0 && dataMin < (dataMax - dataMin) * 0.5)
        {
            dataMin = 0;
        }

        if (dataMax - dataMin < 1e-12)
        {
            // One value (or all equal): show it against zero with some headroom.
            var pad = Math.Abs(dataMax) < 1e-12 ? 1 : Math.Abs(dataMax) * 0.1;
            dataMin = dataMin > 0 ? 0 : dataMin - pad;
            dataMax += pad;
        }

        var range = Nice(dataMax - dataMin, round: false);
        var step = Nice(range / Math.Max(1, maxTicks - 1), round: true);
        var min = Math.Floor(dataMin / step) * step;
        var max = Math.Ceiling(dataMax / step) * step;
        if (max <= min)
        {
            max = min + step;
        }

        return new NiceScale(min, max, step);
    }

    /// <summary>Tick values from <see cref="Min"/> to <see cref="Max"/> inclusive.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        var count = (int)Math.Round((Max - Min) / Step);
        for (var i = 0; i <= count; i++)
        {
            // Multiplying avoids the drift of repeated addition (0.1 + 0.2 …).
            ticks.Add(Math.Round(Min + (i * Step), 12));
        }

        return ticks;
    }

    /// <summary>Maps a value to a pixel position between <paramref name="from"/> (at Min) and <paramref name="to"/> (at Max).</summary>
    public double Map(double value, double from, double to) => from + ((value - Min) / (Max - Min) * (to - from));

    private static double Nice(double value, bool round)
    {
        var exponent = Math.Floor(Math.Log10(value));
        var fraction = value / Math.Pow(10, exponent);
        double nice;
        if (round)
        {
            nice = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10;
        }
        else
        {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }

        return nice * Math.Pow(10, exponent);
    }
}
