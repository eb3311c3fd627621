using Spectre.Console;
using Tuner.Aws.Signing;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Reports;

namespace Tuner.Cli.Cleanup;

/// <summary>The terminal's words for the Cleaner's record beside a report (<c>tuner report</c>, <c>tuner history</c>).</summary>
internal static class CleanupLines
{
    /// <summary>The "After this report: the Cleaner" block of <c>tuner report</c>; nothing for a run without a record.</summary>
    public static void Write(IAnsiConsole console, CleanupAddendum? cleanup)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (cleanup is null)
        {
            return;
        }

        console.WriteLine();
        console.Write(new Rule("[bold]After this report: the Cleaner[/]").LeftJustified());
        var signature = cleanup.Signature;
        switch (CleanupJson.StateOf(cleanup))
        {
            case CleanupJson.DoesNotVerify:
                console.MarkupLine($"[red]{BucketKeys.CleanupFile} beside the report does NOT verify: {Markup.Escape(cleanup.Problem ?? string.Empty)}[/] — do not trust what it says.");
                return;
            case CleanupJson.Verified:
                console.MarkupLine($"[green]Cleanup record verified[/] ({BucketKeys.CleanupSignatureFile}, key {Markup.Escape(signature!.KeyId)}, {Markup.Escape(cleanup.CheckedWith ?? string.Empty)}).");
                break;
            case CleanupJson.Signed:
                console.MarkupLine($"Cleanup record signed by key {Markup.Escape(signature!.KeyId)} ({BucketKeys.CleanupSignatureFile}; {Markup.Escape(cleanup.CheckedWith ?? string.Empty)}).");
                break;
            default:
                console.MarkupLine($"[yellow]{BucketKeys.CleanupFile} is not signed (no {BucketKeys.CleanupSignatureFile} beside it): what it says cannot be checked.[/]");
                break;
        }

        foreach (var target in cleanup.Record!.Targets)
        {
            if (target.Outcome == CleanupOutcome.KeptOwnersChange)
            {
                console.MarkupLine($"[bold]owner's later change kept[/]: {Markup.Escape(KeptChange.Line(target.Function, target.Reason, target.Change))}");
            }
            else
            {
                console.MarkupLine(Markup.Escape($"  {target.Function}: {Outcome(target)}"));
            }
        }
    }

    /// <summary>The cell of <c>tuner history</c>'s "after the report" column.</summary>
    public static string Cell(CleanupAddendum? cleanup)
    {
        if (cleanup is null)
        {
            return "—";
        }

        if (!cleanup.Trusted)
        {
            return "[red]record does not verify[/]";
        }

        var kept = cleanup.Record!.Targets.Where(t => t.Outcome == CleanupOutcome.KeptOwnersChange).ToList();
        var failed = cleanup.Record.Targets.Count(t => !t.IsClean);
        var lines = kept.Select(t => "[yellow]kept owner's change[/]: " + Markup.Escape(t.Function + (t.Change is { } c ? $" ({string.Join(", ", c.Fields)})" : string.Empty))).ToList();
        if (failed > 0)
        {
            lines.Add($"[red]{failed} not cleaned[/]");
        }

        if (lines.Count == 0)
        {
            lines.Add("[green]clean[/]");
        }

        if (cleanup.Signature is null)
        {
            lines.Add("[yellow]unsigned[/]");
        }

        return string.Join("\n", lines);
    }

    private static string Outcome(TargetCleanup target) => target.Outcome switch
    {
        CleanupOutcome.Unchanged => "unchanged",
        CleanupOutcome.Restored => "restored to its baseline",
        _ => "not cleaned: " + target.Reason,
    } + (target.LeftVersions.Count == 0 ? string.Empty : $" ({target.LeftVersions.Count} version(s) left: {string.Join(", ", target.LeftVersions)})");
}
