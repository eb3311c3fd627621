using Tuner.Reports.Charts;
using Tuner.Reports.Tests.TestHelpers;

namespace Tuner.Reports.Tests.Charts;

public sealed class ChartTests
{
    [Fact]
    public void CostDurationChart_Points_PlacedInsidePlotWithCheaperLower()
    {
        var points = new[]
        {
            new ScatterPoint("a", "128 MB", 100, 2, true, false, true, "a"),
            new ScatterPoint("b", "1024 MB", 50, 8, true, true, false, "b"),
            new ScatterPoint("c", "512 MB", 120, 9, false, false, false, "c"),
        };

        var doc = Xhtml.Parse(CostDurationChart.Render("s", points, "p95 (ms)", "USD", "t"));

        var markers = doc.Root!.WithClass("g", "point").ToDictionary(g => (string)g.Attribute("data-cell")!, g => g.Elements().First(e => e.Name.LocalName != "title"));
        Assert.Equal(3, markers.Count);
        Assert.Equal("path", markers["a"].Name.LocalName); // star: recommended
        Assert.Equal("rect", markers["b"].Name.LocalName); // square: baseline
        Assert.Equal("circle", markers["c"].Name.LocalName);
        var cy = double.Parse((string)markers["c"].Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture);
        var cx = double.Parse((string)markers["c"].Attribute("cx")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cx, 84, 920 - 24);
        Assert.InRange(cy, 48, 460 - 64);
        var line = Assert.Single(doc.Root!.WithClass("polyline", "pareto-line"));
        Assert.Equal(2, ((string)line.Attribute("points")!).Split(' ').Length);
    }

    [Fact]
    public void CostDurationChart_NoPoints_SaysSoInsteadOfEmptyAxes()
    {
        var svg = CostDurationChart.Render("s", [], "x", "y", "t");

        Assert.Contains("No cell produced a measurement.", svg, StringComparison.Ordinal);
        _ = Xhtml.Parse(svg);
    }

    [Fact]
    public void HeatMapChart_MissingCombination_DrawnAsNotInPlan()
    {
        var cells = new[]
        {
            new HeatCell("a", 128, "batch 1", 1.0, false, false, false, "a"),
            new HeatCell("b", 256, "batch 25", 2.0, false, true, true, "b"),
        };

        var doc = Xhtml.Parse(HeatMapChart.Render("h", cells, "USD", "t"));

        Assert.Equal(2, doc.Root!.WithClass("g", "empty").Count());
        var b = Assert.Single(doc.Root!.WithClass("g", "heat-cell"), g => (string?)g.Attribute("data-cell") == "b");
        Assert.Contains("★ current", b.Text(), StringComparison.Ordinal);
    }
}
