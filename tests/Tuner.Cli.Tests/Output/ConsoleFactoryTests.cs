using Spectre.Console;
using Tuner.Cli.Output;
using Tuner.Cli.Run;
using Tuner.Core.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Output;

public sealed class ConsoleFactoryTests
{
    [Fact]
    public void Create_Redirected_KeepsEveryCellIdOfTheRunSummaryOnOneLine()
    {
        var report = WithLongCellIds(SyntheticReport.Create(new SyntheticReportOptions()));
        using var output = new StringWriter();
        var console = ConsoleFactory.Create(output, redirected: true, _ => null);

        RunSummary.Write(console, report);

        var lines = output.ToString().Split('\n');
        // RunSummary lists the best five measured cells (and the baseline).
        var shown = report.Targets[0].Cells.Where(c => c.Score is not null).OrderBy(c => c.Score).Take(5).Select(c => c.CellId).ToList();
        Assert.Contains(shown, id => id.Length > 20);
        Assert.All(shown, id => Assert.Contains(lines, l => l.Contains(id, StringComparison.Ordinal)));
        // Wider than the 80 columns a redirected console used to fold at.
        Assert.Contains(lines, l => l.TrimEnd().Length > 80);
        Assert.DoesNotContain("\u001b[", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RedirectedWithColumns_UsesThatWidth()
    {
        using var output = new StringWriter();

        var console = ConsoleFactory.Create(output, redirected: true, name => name == "COLUMNS" ? "132" : null);

        Assert.Equal(132, console.Profile.Width);
    }

    [Fact]
    public void Create_NoColorSet_WritesNoColour()
    {
        using var output = new StringWriter();

        var console = ConsoleFactory.Create(output, redirected: false, name => name == "NO_COLOR" ? "1" : null);
        console.MarkupLine("[red]alert[/]");

        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
        Assert.Equal("alert", output.ToString().Trim());
    }

    /// <summary>The ids of cells that set environment knobs (<c>-e</c> and a hash), as long as real ones get.</summary>
    private static TuningReport WithLongCellIds(TuningReport report)
    {
        static string Long(string id) => id == "t0-baseline" ? id : id + "-e1a2b3c4d5e6f7a8";
        var target = report.Targets[0];
        var cells = target.Cells.Select(c => c with { CellId = Long(c.CellId) }).ToList();
        return report with
        {
            Targets =
            [
                target with
                {
                    Cells = cells,
                    Recommendation = target.Recommendation! with { CellId = Long(target.Recommendation!.CellId) },
                },
            ],
        };
    }
}
