using System.Text;

namespace Tuner.Reports.Charts;

/// <summary>
/// Draws a memory (rows) × configuration (columns) heat map as inline SVG. Colour follows the perceptually
/// uniform, colour-blind-safe viridis ramp (light = low), but every cell also prints its value, failed cells
/// are hatched and labelled, and the current/recommended cells carry an outline and a text tag: the chart
/// reads the same in greyscale print.
/// </summary>
internal static class HeatMapChart
{
    private const double CellWidth = 86;
    private const double CellHeight = 40;
    private const double Left = 96;
    private const double LabelLine = 14;
    private const double LegendHeight = 64;

    // viridis at 0, .25, .5, .75, 1 — reversed so the lowest (best) values are the lightest.
    private static readonly (double R, double G, double B)[] Ramp =
    [
        (253, 231, 37),
        (94, 201, 98),
        (33, 145, 140),
        (59, 82, 139),
        (68, 1, 84),
    ];

    /// <summary>Draws the map; <paramref name="columnOrder"/> orders the configuration columns (first appearance otherwise).</summary>
    public static string Render(string id, IReadOnlyList<HeatCell> cells, string valueLabel, string title, IReadOnlyList<string>? columnOrder = null)
    {
        var rows = cells.Select(c => c.MemoryMb).Distinct().Order().ToList();
        var present = cells.Select(c => c.Column).Distinct().ToList();
        var columns = columnOrder is null ? present : columnOrder.Where(present.Contains).Concat(present.Where(c => !columnOrder.Contains(c))).ToList();
        var labelLines = columns.Count == 0 ? 1 : columns.Max(c => c.Split(" · ", StringSplitOptions.RemoveEmptyEntries).Length);
        var top = 40 + (labelLines * LabelLine);
        var byKey = new Dictionary<(int, string), HeatCell>();
        foreach (var c in cells)
        {
            byKey.TryAdd((c.MemoryMb, c.Column), c);
        }

        var width = Math.Max(600, Left + (columns.Count * CellWidth) + 24);
        var height = top + (rows.Count * CellHeight) + LegendHeight;
        var values = cells.Where(c => c.Value.HasValue).Select(c => c.Value!.Value).ToList();
        var min = values.Count > 0 ? values.Min() : 0;
        var max = values.Count > 0 ? values.Max() : 1;

        var sb = new StringBuilder(2048 + (cells.Count * 420));
        var eid = Svg.Escape(id);
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" id=\"").Append(eid).Append("\" viewBox=\"0 0 ")
          .Append(Svg.Px(width)).Append(' ').Append(Svg.Px(height)).Append("\" width=\"").Append(Svg.Px(width)).Append("\" height=\"").Append(Svg.Px(height))
          .Append("\" role=\"img\" aria-labelledby=\"").Append(eid).Append("-title ").Append(eid).Append("-desc\">");
        sb.Append("<title id=\"").Append(eid).Append("-title\">").Append(Svg.Escape(title)).Append("</title>");
        sb.Append("<desc id=\"").Append(eid).Append("-desc\">").Append(Svg.Escape(Describe(cells, rows.Count, columns.Count, valueLabel))).Append("</desc>");
        sb.Append("<defs><pattern id=\"").Append(eid).Append("-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
          .Append("<rect width=\"8\" height=\"8\" fill=\"#ffffff\" /><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#b42318\" stroke-width=\"3\" /></pattern>");
        sb.Append("<linearGradient id=\"").Append(eid).Append("-ramp\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
        for (var i = 0; i < Ramp.Length; i++)
        {
            sb.Append("<stop offset=\"").Append(Svg.Px(i / (double)(Ramp.Length - 1))).Append("\" stop-color=\"").Append(Hex(Ramp[i])).Append("\" />");
        }

        sb.Append("</linearGradient></defs>");

        // Column headers: the configuration, wrapped on " · " so long knob lists stay inside their column.
        sb.Append("<g class=\"col-labels\">");
        sb.Append("<text class=\"axis-label\" x=\"").Append(Svg.Px(Left)).Append("\" y=\"18\">batch configuration →</text>");
        for (var c = 0; c < columns.Count; c++)
        {
            var x = Left + (c * CellWidth) + (CellWidth / 2);
            var parts = columns[c].Split(" · ", StringSplitOptions.RemoveEmptyEntries);
            var firstY = top - 10 - ((parts.Length - 1) * LabelLine);
            sb.Append("<text class=\"col-label\" x=\"").Append(Svg.Px(x)).Append("\" y=\"").Append(Svg.Px(firstY)).Append("\" text-anchor=\"middle\">");
            for (var i = 0; i < parts.Length; i++)
            {
                sb.Append("<tspan x=\"").Append(Svg.Px(x)).Append("\" dy=\"").Append(i == 0 ? "0" : Svg.Px(LabelLine)).Append("\">").Append(Svg.Escape(parts[i])).Append("</tspan>");
            }

            sb.Append("</text>");
        }

        sb.Append("</g>");

        sb.Append("<g class=\"row-labels\">");
        sb.Append("<text class=\"axis-label\" x=\"8\" y=\"").Append(Svg.Px(top - 10)).Append("\">memory ↓</text>");
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + (r * CellHeight) + (CellHeight / 2) + 4;
            sb.Append("<text class=\"row-label\" x=\"").Append(Svg.Px(Left - 10)).Append("\" y=\"").Append(Svg.Px(y)).Append("\" text-anchor=\"end\">")
              .Append(rows[r]).Append(" MB</text>");
        }

        sb.Append("</g><g class=\"cells\">");
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var x = Left + (c * CellWidth);
                var y = top + (r * CellHeight);
                if (!byKey.TryGetValue((rows[r], columns[c]), out var cell))
                {
                    sb.Append("<g class=\"heat-cell empty\" aria-hidden=\"true\"><title>not in the plan</title><rect x=\"").Append(Svg.Px(x)).Append("\" y=\"").Append(Svg.Px(y))
                      .Append("\" width=\"").Append(Svg.Px(CellWidth)).Append("\" height=\"").Append(Svg.Px(CellHeight)).Append("\" fill=\"#f2f4f7\" />")
                      .Append("<text x=\"").Append(Svg.Px(x + (CellWidth / 2))).Append("\" y=\"").Append(Svg.Px(y + 24)).Append("\" text-anchor=\"middle\" class=\"empty-cell\">—</text></g>");
                    continue;
                }

                AppendCell(sb, eid, cell, x, y, min, max);
            }
        }

        sb.Append("</g>");
        AppendLegend(sb, eid, top + (rows.Count * CellHeight) + 20, min, max, valueLabel);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void AppendCell(StringBuilder sb, string eid, HeatCell cell, double x, double y, double min, double max)
    {
        var classes = "heat-cell" + (cell.Failed ? " failed" : string.Empty) + (cell.IsBaseline ? " baseline" : string.Empty) + (cell.IsRecommended ? " recommended" : string.Empty);
        sb.Append("<g class=\"").Append(classes).Append("\" data-cell=\"").Append(Svg.Escape(cell.Id)).Append("\" data-memory=\"").Append(cell.MemoryMb)
          .Append("\" data-config=\"").Append(Svg.Escape(cell.Column)).Append('"');
        if (cell.Value.HasValue)
        {
            sb.Append(" data-value=\"").Append(Svg.Raw(cell.Value.Value)).Append('"');
        }

        sb.Append(" aria-label=\"").Append(Svg.Escape(cell.Tooltip)).Append("\"><title>").Append(Svg.Escape(cell.Tooltip)).Append("</title>");

        string fill;
        string ink;
        string text;
        if (cell.Value is { } v && !cell.Failed)
        {
            var t = max - min < 1e-12 ? 0 : (v - min) / (max - min);
            var rgb = Interpolate(t);
            fill = Hex(rgb);
            ink = Luminance(rgb) > 0.45 ? "ink-dark" : "ink-light";
            text = Svg.Number(v, 4);
        }
        else
        {
            fill = "url(#" + eid + "-hatch)";
            ink = "ink-failed";
            text = "failed";
        }

        sb.Append("<rect x=\"").Append(Svg.Px(x + 1)).Append("\" y=\"").Append(Svg.Px(y + 1)).Append("\" width=\"").Append(Svg.Px(CellWidth - 2))
          .Append("\" height=\"").Append(Svg.Px(CellHeight - 2)).Append("\" fill=\"").Append(fill).Append("\" />");

        var tag = cell.IsRecommended && cell.IsBaseline ? "★ current" : cell.IsRecommended ? "★ best" : cell.IsBaseline ? "current" : null;
        var valueY = tag is null ? y + (CellHeight / 2) + 5 : y + 17;
        sb.Append("<text class=\"heat-value ").Append(ink).Append("\" x=\"").Append(Svg.Px(x + (CellWidth / 2))).Append("\" y=\"").Append(Svg.Px(valueY))
          .Append("\" text-anchor=\"middle\">").Append(Svg.Escape(text)).Append("</text>");
        if (tag is not null)
        {
            sb.Append("<text class=\"heat-tag ").Append(ink).Append("\" x=\"").Append(Svg.Px(x + (CellWidth / 2))).Append("\" y=\"").Append(Svg.Px(y + 32))
              .Append("\" text-anchor=\"middle\">").Append(tag).Append("</text>");
        }

        if (cell.IsRecommended)
        {
            sb.Append("<rect class=\"outline-recommended\" x=\"").Append(Svg.Px(x + 2.5)).Append("\" y=\"").Append(Svg.Px(y + 2.5)).Append("\" width=\"")
              .Append(Svg.Px(CellWidth - 5)).Append("\" height=\"").Append(Svg.Px(CellHeight - 5)).Append("\" fill=\"none\" />");
        }

        if (cell.IsBaseline)
        {
            sb.Append("<rect class=\"outline-baseline\" x=\"").Append(Svg.Px(x + 5.5)).Append("\" y=\"").Append(Svg.Px(y + 5.5)).Append("\" width=\"")
              .Append(Svg.Px(CellWidth - 11)).Append("\" height=\"").Append(Svg.Px(CellHeight - 11)).Append("\" fill=\"none\" />");
        }

        sb.Append("</g>");
    }

    private static void AppendLegend(StringBuilder sb, string eid, double y, double min, double max, string valueLabel)
    {
        sb.Append("<g class=\"legend\" aria-hidden=\"true\">");
        sb.Append("<rect x=\"").Append(Svg.Px(Left)).Append("\" y=\"").Append(Svg.Px(y)).Append("\" width=\"220\" height=\"12\" fill=\"url(#").Append(eid).Append("-ramp)\" />");
        sb.Append("<text x=\"").Append(Svg.Px(Left)).Append("\" y=\"").Append(Svg.Px(y + 28)).Append("\">").Append(Svg.Number(min)).Append(" (lowest)</text>");
        sb.Append("<text x=\"").Append(Svg.Px(Left + 220)).Append("\" y=\"").Append(Svg.Px(y + 28)).Append("\" text-anchor=\"end\">").Append(Svg.Number(max)).Append(" (highest)</text>");
        sb.Append("<text x=\"").Append(Svg.Px(Left + 236)).Append("\" y=\"").Append(Svg.Px(y + 11)).Append("\">").Append(Svg.Escape(valueLabel)).Append("</text>");
        sb.Append("<rect x=\"").Append(Svg.Px(Left + 236)).Append("\" y=\"").Append(Svg.Px(y + 18)).Append("\" width=\"14\" height=\"14\" fill=\"url(#").Append(eid).Append("-hatch)\" stroke=\"#7a271a\" />");
        sb.Append("<text x=\"").Append(Svg.Px(Left + 256)).Append("\" y=\"").Append(Svg.Px(y + 30)).Append("\">failed cell</text>");
        sb.Append("<rect x=\"").Append(Svg.Px(Left + 340)).Append("\" y=\"").Append(Svg.Px(y + 18)).Append("\" width=\"14\" height=\"14\" fill=\"#f2f4f7\" stroke=\"#d0d5dd\" />");
        sb.Append("<text x=\"").Append(Svg.Px(Left + 360)).Append("\" y=\"").Append(Svg.Px(y + 30)).Append("\">— not in the plan</text>");
        sb.Append("</g>");
    }

    private static (double R, double G, double B) Interpolate(double t)
    {
        t = Math.Clamp(t, 0, 1) * (Ramp.Length - 1);
        var i = Math.Min((int)Math.Floor(t), Ramp.Length - 2);
        var f = t - i;
        var a = Ramp[i];
        var b = Ramp[i + 1];
        return (a.R + ((b.R - a.R) * f), a.G + ((b.G - a.G) * f), a.B + ((b.B - a.B) * f));
    }

    private static double Luminance((double R, double G, double B) c) => ((0.2126 * c.R) + (0.7152 * c.G) + (0.0722 * c.B)) / 255;

    private static string Hex((double R, double G, double B) c) =>
        "#" + ((int)Math.Round(c.R)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)
            + ((int)Math.Round(c.G)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)
            + ((int)Math.Round(c.B)).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(IReadOnlyList<HeatCell> cells, int rows, int columns, string valueLabel)
    {
        var measured = cells.Where(c => c.Value.HasValue && !c.Failed).ToList();
        var sb = new StringBuilder();
        sb.Append(rows).Append(" memory sizes by ").Append(columns).Append(" batch configurations; each cell shows ").Append(valueLabel).Append(". ");
        if (measured.Count > 0)
        {
            var best = measured.MinBy(c => c.Value!.Value)!;
            var worst = measured.MaxBy(c => c.Value!.Value)!;
            sb.Append("Lowest: ").Append(best.MemoryMb).Append(" MB, ").Append(best.Column).Append(" at ").Append(Svg.Number(best.Value!.Value)).Append(". ");
            sb.Append("Highest: ").Append(worst.MemoryMb).Append(" MB, ").Append(worst.Column).Append(" at ").Append(Svg.Number(worst.Value!.Value)).Append(". ");
        }

        var failed = cells.Count(c => c.Failed);
        if (failed > 0)
        {
            sb.Append(failed).Append(failed == 1 ? " cell failed. " : " cells failed. ");
        }

        sb.Append("Every cell's figures are in the table of cells.");

        return sb.ToString().TrimEnd();
    }
}
