using Tuner.Cli.Run;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Core.Reports;
using Tuner.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Run;

public sealed class RunSummaryTests
{
    [Fact]
    public void Write_StagedReport_ReasonOnTheRecommendationLineThenStagesAaAndConfirmation()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Staged = true });
        var decision = report.Targets[0].Decision!;
        var console = new TextConsole();

        RunSummary.Write(console.Console, report);

        var lines = console.Lines;
        var recommendation = Assert.Single(lines, l => l.StartsWith("  Switch to ", StringComparison.Ordinal));
        Assert.EndsWith(": " + ReportText.DecisionReason(decision), recommendation, StringComparison.Ordinal);
        Assert.Equal(decision.Stages.Select(s => "  " + ReportText.StageLine(s)), lines.Where(l => l.StartsWith("  stage ", StringComparison.Ordinal)));
        Assert.Contains("  stage 3 narrowing: 6 cells × 16 samples, 7 dropped", lines);
        Assert.Contains("  " + ComparisonText.Stability(decision.Stability!, decision.DurationMargin), lines);
        Assert.Contains("  " + ComparisonText.Confirmation(decision.Confirmation!), lines);
        Assert.DoesNotContain(lines, l => l.Contains("Why: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_UnstableBaseline_KeepsAndSaysTheAaCheckWasUnstable()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Staged = true, UnstableBaseline = true });
        var console = new TextConsole();

        RunSummary.Write(console.Console, report);

        Assert.Contains(console.Lines, l => l.StartsWith("  Keep ", StringComparison.Ordinal) && l.Contains("the best candidate, is not better beyond the margin", StringComparison.Ordinal));
        Assert.Contains(console.Lines, l => l.StartsWith("  A/A check unstable: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_V1Report_NoDecisionLines()
    {
        var report = TuningReport.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-v1.json")));
        var console = new TextConsole();

        RunSummary.Write(console.Console, report);

        Assert.Contains(console.Lines, l => l.StartsWith("  Switch to ", StringComparison.Ordinal));
        Assert.DoesNotContain(console.Lines, l => l.StartsWith("  stage ", StringComparison.Ordinal) || l.StartsWith("  A/A", StringComparison.Ordinal));
    }
}
