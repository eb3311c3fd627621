using System.Text;

namespace Tuner.Reports.Charts;

/// <summary>
/// Draws the cost vs duration scatter of every measured cell as inline SVG: Pareto front joined by a dashed
/// line, the baseline and the recommendation marked by shape and text label (never by colour alone), every
/// point carrying a tooltip and its data values in <c>data-*</c> attributes.
/// </summary>
internal static class CostDurationChart
{
    private const double Width = 920;
    private const double Height = 460;
    private const double Left = 84;
    private const double Right = 24;
    private const double Top = 48;
    private const double Bottom = 64;

    public static string Render(string id, IReadOnlyList<ScatterPoint> points, string xLabel, string yLabel, string title)
    {
        var sb = new StringBuilder(4096 + (points.Count * 400));
        var plotLeft = Left;
        var plotRight = Width - Right;
        var plotTop = Top;
        var plotBottom = Height - Bottom;

        var front = points.Where(p => p.OnParetoFront).OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        var desc = Describe(points, front, xLabel, yLabel);

        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter\" id=\"").Append(Svg.Escape(id))
          .Append("\" viewBox=\"0 0 ").Append(Svg.Px(Width)).Append(' ').Append(Svg.Px(Height))
          .Append("\" width=\"").Append(Svg.Px(Width)).Append("\" height=\"").Append(Svg.Px(Height))
          .Append("\" role=\"img\" aria-labelledby=\"").Append(Svg.Escape(id)).Append("-title ").Append(Svg.Escape(id)).Append("-desc\">");
        sb.Append("<title id=\"").Append(Svg.Escape(id)).Append("-title\">").Append(Svg.Escape(title)).Append("</title>");
        sb.Append("<desc id=\"").Append(Svg.Escape(id)).Append("-desc\">").Append(Svg.Escape(desc)).Append("</desc>");

        if (points.Count == 0)
        {
            sb.Append("<text x=\"").Append(Svg.Px(Width / 2)).Append("\" y=\"").Append(Svg.Px(Height / 2))
              .Append("\" text-anchor=\"middle\" class=\"empty\">No cell produced a measurement.</text></svg>");
            return sb.ToString();
        }

        var xs = NiceScale.Create(points.Min(p => p.X), points.Max(p => p.X));
        var ys = NiceScale.Create(points.Min(p => p.Y), points.Max(p => p.Y));

        // Grid and axes.
        sb.Append("<g class=\"grid\" aria-hidden=\"true\">");
        foreach (var t in xs.Ticks())
        {
            var x = xs.Map(t, plotLeft, plotRight);
            sb.Append("<line x1=\"").Append(Svg.Px(x)).Append("\" y1=\"").Append(Svg.Px(plotTop)).Append("\" x2=\"").Append(Svg.Px(x))
              .Append("\" y2=\"").Append(Svg.Px(plotBottom)).Append("\" />");
        }

        foreach (var t in ys.Ticks())
        {
            var y = ys.Map(t, plotBottom, plotTop);
            sb.Append("<line x1=\"").Append(Svg.Px(plotLeft)).Append("\" y1=\"").Append(Svg.Px(y)).Append("\" x2=\"").Append(Svg.Px(plotRight))
              .Append("\" y2=\"").Append(Svg.Px(y)).Append("\" />");
        }

        sb.Append("</g>");

        sb.Append("<g class=\"axis x-axis\">");
        sb.Append("<line x1=\"").Append(Svg.Px(plotLeft)).Append("\" y1=\"").Append(Svg.Px(plotBottom)).Append("\" x2=\"").Append(Svg.Px(plotRight))
          .Append("\" y2=\"").Append(Svg.Px(plotBottom)).Append("\" />");
        foreach (var t in xs.Ticks())
        {
            var x = xs.Map(t, plotLeft, plotRight);
            sb.Append("<line class=\"tick\" x1=\"").Append(Svg.Px(x)).Append("\" y1=\"").Append(Svg.Px(plotBottom)).Append("\" x2=\"").Append(Svg.Px(x))
              .Append("\" y2=\"").Append(Svg.Px(plotBottom + 5)).Append("\" />");
            sb.Append("<text class=\"tick-label\" x=\"").Append(Svg.Px(x)).Append("\" y=\"").Append(Svg.Px(plotBottom + 20))
              .Append("\" text-anchor=\"middle\">").Append(Svg.Tick(t, xs.Step)).Append("</text>");
        }

        sb.Append("<text class=\"axis-label\" x=\"").Append(Svg.Px((plotLeft + plotRight) / 2)).Append("\" y=\"").Append(Svg.Px(Height - 14))
          .Append("\" text-anchor=\"middle\">").Append(Svg.Escape(xLabel)).Append("</text></g>");

        sb.Append("<g class=\"axis y-axis\">");
        sb.Append("<line x1=\"").Append(Svg.Px(plotLeft)).Append("\" y1=\"").Append(Svg.Px(plotTop)).Append("\" x2=\"").Append(Svg.Px(plotLeft))
          .Append("\" y2=\"").Append(Svg.Px(plotBottom)).Append("\" />");
        foreach (var t in ys.Ticks())
        {
            var y = ys.Map(t, plotBottom, plotTop);
            sb.Append("<line class=\"tick\" x1=\"").Append(Svg.Px(plotLeft - 5)).Append("\" y1=\"").Append(Svg.Px(y)).Append("\" x2=\"").Append(Svg.Px(plotLeft))
              .Append("\" y2=\"").Append(Svg.Px(y)).Append("\" />");
            sb.Append("<text class=\"tick-label\" x=\"").Append(Svg.Px(plotLeft - 9)).Append("\" y=\"").Append(Svg.Px(y + 4))
              .Append("\" text-anchor=\"end\">").Append(Svg.Tick(t, ys.Step)).Append("</text>");
        }

        var midY = (plotTop + plotBottom) / 2;
        sb.Append("<text class=\"axis-label\" x=\"18\" y=\"").Append(Svg.Px(midY)).Append("\" text-anchor=\"middle\" transform=\"rotate(-90 18 ")
          .Append(Svg.Px(midY)).Append(")\">").Append(Svg.Escape(yLabel)).Append("</text></g>");

        // Pareto front: a dashed line through the non-dominated cells, drawn under the points.
        if (front.Count > 1)
        {
            sb.Append("<polyline class=\"pareto-line\" aria-hidden=\"true\" points=\"");
            for (var i = 0; i < front.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(Svg.Px(xs.Map(front[i].X, plotLeft, plotRight))).Append(',').Append(Svg.Px(ys.Map(front[i].Y, plotBottom, plotTop)));
            }

            sb.Append("\" />");
        }

        // Ordinary points first, then front, baseline and recommendation on top so they are never hidden.
        sb.Append("<g class=\"points\">");
        foreach (var p in points.OrderBy(Layer))
        {
            var cx = xs.Map(p.X, plotLeft, plotRight);
            var cy = ys.Map(p.Y, plotBottom, plotTop);
            var classes = "point" + (p.OnParetoFront ? " pareto" : string.Empty) + (p.IsBaseline ? " baseline" : string.Empty) + (p.IsRecommended ? " recommended" : string.Empty);
            sb.Append("<g class=\"").Append(classes).Append("\" data-cell=\"").Append(Svg.Escape(p.Id)).Append("\" data-x=\"").Append(Svg.Raw(p.X))
              .Append("\" data-y=\"").Append(Svg.Raw(p.Y)).Append("\" aria-label=\"").Append(Svg.Escape(p.Tooltip)).Append("\">");
            sb.Append("<title>").Append(Svg.Escape(p.Tooltip)).Append("</title>");
            AppendMarker(sb, p, cx, cy);
            sb.Append("</g>");
        }

        sb.Append("</g>");

        // Text call-outs: the baseline and the recommendation are named on the chart itself.
        foreach (var p in points.Where(p => p.IsBaseline || p.IsRecommended))
        {
            var cx = xs.Map(p.X, plotLeft, plotRight);
            var cy = ys.Map(p.Y, plotBottom, plotTop);
            var text = p.IsBaseline && p.IsRecommended ? "current = recommended" : p.IsBaseline ? "current (baseline)" : "recommended";
            var anchorEnd = cx > (plotLeft + plotRight) / 2;
            // Baseline label above, recommendation below — unless that would leave the plot area.
            var dy = p.IsBaseline && !p.IsRecommended ? -12 : 20;
            if (cy + dy > plotBottom - 4)
            {
                dy = -14;
            }
            else if (cy + dy < plotTop + 10)
            {
                dy = 22;
            }

            sb.Append("<text class=\"callout").Append(p.IsRecommended ? " callout-recommended" : " callout-baseline").Append("\" x=\"")
              .Append(Svg.Px(cx + (anchorEnd ? -10 : 10))).Append("\" y=\"").Append(Svg.Px(cy + dy)).Append("\" text-anchor=\"")
              .Append(anchorEnd ? "end" : "start").Append("\">").Append(text).Append("</text>");
        }

        AppendLegend(sb, plotLeft);
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static int Layer(ScatterPoint p) => p.IsRecommended ? 3 : p.IsBaseline ? 2 : p.OnParetoFront ? 1 : 0;

    private static void AppendMarker(StringBuilder sb, ScatterPoint p, double cx, double cy)
    {
        if (p.IsRecommended)
        {
            AppendStar(sb, cx, cy, 10, 4.5, "marker marker-recommended");
        }
        else if (p.IsBaseline)
        {
            sb.Append("<rect class=\"marker marker-baseline\" x=\"").Append(Svg.Px(cx - 6)).Append("\" y=\"").Append(Svg.Px(cy - 6))
              .Append("\" width=\"12\" height=\"12\" />");
        }
        else if (p.OnParetoFront)
        {
            sb.Append("<path class=\"marker marker-pareto\" d=\"M").Append(Svg.Px(cx)).Append(',').Append(Svg.Px(cy - 7))
              .Append(" L").Append(Svg.Px(cx + 7)).Append(',').Append(Svg.Px(cy))
              .Append(" L").Append(Svg.Px(cx)).Append(',').Append(Svg.Px(cy + 7))
              .Append(" L").Append(Svg.Px(cx - 7)).Append(',').Append(Svg.Px(cy)).Append(" Z\" />");
        }
        else
        {
            sb.Append("<circle class=\"marker marker-cell\" cx=\"").Append(Svg.Px(cx)).Append("\" cy=\"").Append(Svg.Px(cy)).Append("\" r=\"4.5\" />");
        }

        if (p.IsBaseline && p.IsRecommended)
        {
            sb.Append("<rect class=\"marker marker-baseline-ring\" x=\"").Append(Svg.Px(cx - 12)).Append("\" y=\"").Append(Svg.Px(cy - 12))
              .Append("\" width=\"24\" height=\"24\" fill=\"none\" />");
        }
    }

    private static void AppendStar(StringBuilder sb, double cx, double cy, double outer, double inner, string cssClass)
    {
        sb.Append("<path class=\"").Append(cssClass).Append("\" d=\"");
        for (var i = 0; i < 10; i++)
        {
            var r = i % 2 == 0 ? outer : inner;
            var a = (Math.PI / 5 * i) - (Math.PI / 2);
            sb.Append(i == 0 ? "M" : " L").Append(Svg.Px(cx + (r * Math.Cos(a)))).Append(',').Append(Svg.Px(cy + (r * Math.Sin(a))));
        }

        sb.Append(" Z\" />");
    }

    private static void AppendLegend(StringBuilder sb, double left)
    {
        var y = 22.0;
        sb.Append("<g class=\"legend\" aria-hidden=\"true\">");
        var x = left;
        sb.Append("<circle class=\"marker marker-cell\" cx=\"").Append(Svg.Px(x + 6)).Append("\" cy=\"").Append(Svg.Px(y)).Append("\" r=\"4.5\" />");
        sb.Append("<text x=\"").Append(Svg.Px(x + 16)).Append("\" y=\"").Append(Svg.Px(y + 4)).Append("\">cell</text>");
        x += 62;
        sb.Append("<path class=\"marker marker-pareto\" d=\"M").Append(Svg.Px(x + 6)).Append(',').Append(Svg.Px(y - 7)).Append(" L").Append(Svg.Px(x + 13)).Append(',')
          .Append(Svg.Px(y)).Append(" L").Append(Svg.Px(x + 6)).Append(',').Append(Svg.Px(y + 7)).Append(" L").Append(Svg.Px(x - 1)).Append(',').Append(Svg.Px(y)).Append(" Z\" />");
        sb.Append("<line class=\"pareto-line\" x1=\"").Append(Svg.Px(x + 18)).Append("\" y1=\"").Append(Svg.Px(y)).Append("\" x2=\"").Append(Svg.Px(x + 38))
          .Append("\" y2=\"").Append(Svg.Px(y)).Append("\" />");
        sb.Append("<text x=\"").Append(Svg.Px(x + 44)).Append("\" y=\"").Append(Svg.Px(y + 4)).Append("\">Pareto front (no cell is both cheaper and faster)</text>");
        x += 340;
        sb.Append("<rect class=\"marker marker-baseline\" x=\"").Append(Svg.Px(x)).Append("\" y=\"").Append(Svg.Px(y - 6)).Append("\" width=\"12\" height=\"12\" />");
        sb.Append("<text x=\"").Append(Svg.Px(x + 18)).Append("\" y=\"").Append(Svg.Px(y + 4)).Append("\">current</text>");
        x += 84;
        AppendStar(sb, x + 8, y, 9, 4, "marker marker-recommended");
        sb.Append("<text x=\"").Append(Svg.Px(x + 22)).Append("\" y=\"").Append(Svg.Px(y + 4)).Append("\">recommended</text>");
        sb.Append("</g>");
    }

    private static string Describe(IReadOnlyList<ScatterPoint> points, List<ScatterPoint> front, string xLabel, string yLabel)
    {
        if (points.Count == 0)
        {
            return "No measured cells.";
        }

        var sb = new StringBuilder();
        sb.Append(points.Count).Append(points.Count == 1 ? " cell" : " cells").Append(" plotted, ").Append(xLabel).Append(" across, ").Append(yLabel).Append(" up. ");
        sb.Append("Pareto front: ").Append(front.Count == 0 ? "none" : string.Join(", ", front.Select(p => p.Label))).Append(". ");
        var baseline = points.FirstOrDefault(p => p.IsBaseline);
        if (baseline is not null)
        {
            sb.Append("Current configuration: ").Append(baseline.Label).Append(". ");
        }

        var rec = points.FirstOrDefault(p => p.IsRecommended);
        if (rec is not null)
        {
            sb.Append("Recommended: ").Append(rec.Label).Append(". ");
        }

        // Hundreds of focusable points would be a keyboard trap; the cell table is the accessible form of the data.
        sb.Append("Every cell's figures are in the table of cells.");

        return sb.ToString().TrimEnd();
    }
}
