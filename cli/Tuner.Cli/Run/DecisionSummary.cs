using Spectre.Console;
using Tuner.Core.Decisions;
using Tuner.Reports;

namespace Tuner.Cli.Run;

/// <summary>
/// How a target's recommendation was decided, in the terminal (<c>tuner report</c> and the <c>tuner run</c> summary):
/// the lines of <see cref="ReportText.DecisionLines"/>, indented, wrapped lines kept under their indent.
/// </summary>
internal static class DecisionSummary
{
    public static void Write(IAnsiConsole console, TargetDecision decision, bool withReason)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var line in ReportText.DecisionLines(decision).Skip(withReason ? 0 : 1))
        {
            console.Write(new Padder(new Text(line), new Padding(2, 0, 0, 0)));
        }
    }
}
