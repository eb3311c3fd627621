using Tuner.Reports.Charts;

namespace Tuner.Reports.Html;

/// <summary>Money and percent formatting for people: "$3.47", "−$0.0012", "12.5%".</summary>
internal static class Usd
{
    public static string Format(decimal value) => Format((double)value);

    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        var abs = Math.Abs(value);
        var text = abs >= 10_000 ? abs.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)
            : abs >= 0.01 ? abs.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)
            : Svg.Number(abs, 2);
        return (value < 0 ? "−$" : "$") + text;
    }

    /// <summary>A unit price with every significant decimal it was published with ("$0.0000133334", "$0.625").</summary>
    public static string Price(decimal value) => "$" + value.ToString("0.00##########", System.Globalization.CultureInfo.InvariantCulture);

    public static string Percent(double value) => Svg.Number(Math.Round(value, 1), 3) + "%";

    public static string Count(long value) => value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
}
