using System.Globalization;
using System.Text;

namespace Tuner.Reports.Charts;

/// <summary>Small SVG/XML writing helpers shared by the charts: escaping and invariant number formatting.</summary>
internal static class Svg
{
    /// <summary>Escapes text for XML content and attribute values (the report is parsed as XML in tests).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => null,
            };
            if (replacement is null && c < 0x20 && c is not '\n' and not '\t')
            {
                replacement = " ";
            }

            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(replacement);
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>A pixel coordinate with at most two decimals.</summary>
    public static string Px(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A data value with full round-trip precision, for data-* attributes that tests and scripts read back.</summary>
    public static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A human number with <paramref name="digits"/> significant digits and no exponent for everyday magnitudes.</summary>
    public static string Number(double value, int digits = 3)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "n/a";
        }

        if (value == 0)
        {
            return "0";
        }

        var magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var decimals = Math.Clamp(digits - 1 - magnitude, 0, 10);
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        return rounded.ToString("#,0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>A tick label: as few digits as the tick step needs.</summary>
    public static string Tick(double value, double step)
    {
        var decimals = 0;
        while (decimals < 10 && Math.Abs((step * Math.Pow(10, decimals)) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6 * Math.Pow(10, decimals))
        {
            decimals++;
        }

        return value.ToString("#,0." + new string('0', decimals), CultureInfo.InvariantCulture).TrimEnd('.');
    }
}
