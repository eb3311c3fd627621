using System.Globalization;
using Spectre.Console;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using Tuner.Reports;

namespace Tuner.Cli.Run;

/// <summary>The terminal summary of a report: per target the best cells, the baseline, the recommendation, the savings and how it was decided.</summary>
public static class RunSummary
{
    private const int TopCells = 5;

    public static void Write(IAnsiConsole console, TuningReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var target in report.Targets)
        {
            var table = new Table().Title($"[bold]{Markup.Escape(target.Function)}[/] — objective {report.Request.Objective.Strategy.ToString().ToLowerInvariant()}");
            // Cell ids are what people copy into `tuner report` and tickets: never folded across lines.
            table.AddColumn(new TableColumn("cell").NoWrap());
            table.AddColumn(new TableColumn("memory").RightAligned());
            table.AddColumn(new TableColumn("batch").RightAligned());
            table.AddColumn(new TableColumn("parallel").RightAligned());
            table.AddColumn(new TableColumn("p50 ms").RightAligned());
            table.AddColumn(new TableColumn("p95 ms").RightAligned());
            table.AddColumn(new TableColumn("USD / 1M inv.").RightAligned());
            table.AddColumn(new TableColumn("errors").RightAligned());

            var ranked = target.Cells.Where(c => c.Score is not null).OrderBy(c => c.Score).Take(TopCells).ToList();
            if (target.Baseline is { } baseline && !ranked.Any(c => c.CellId == baseline.CellId))
            {
                ranked.Add(baseline);
            }

            foreach (var cell in ranked)
            {
                var recommended = target.Recommendation?.CellId == cell.CellId;
                var name = cell.IsBaseline ? $"{cell.CellId} (baseline)" : cell.CellId;
                table.AddRow(
                    recommended ? $"[green bold]{Markup.Escape(name)} ★[/]" : Markup.Escape(name),
                    Number(cell.MemoryMb),
                    cell.BatchSize is { } b ? Number(b) : "-",
                    cell.Parallelism is { } p ? Number(p) : "-",
                    cell.Statistics.Duration is { } d ? d.P50.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                    cell.Statistics.Duration is { } d95 ? d95.P95.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                    (cell.Cost.TotalUsd * 1_000_000m).ToString("0.00", CultureInfo.InvariantCulture),
                    cell.Statistics.Errors == 0 ? "0" : $"[red]{cell.Statistics.Errors}[/]");
            }

            console.Write(table);
            foreach (var failed in target.FailedCells)
            {
                console.MarkupLine($"  [red]failed[/] {Markup.Escape(failed.CellId)}: {Markup.Escape(failed.ErrorType)} ({failed.Errors} of {failed.Invocations})");
            }

            if (target.Recommendation is { } recommendation)
            {
                var what = recommendation.Action == RecommendationAction.Switch ? "[green]Switch[/] to" : "[yellow]Keep[/]";
                var knobs = string.Join(", ", new[]
                {
                    $"{recommendation.MemoryMb} MB",
                    recommendation.BatchSize is { } b ? $"batch size {b}" : null,
                    recommendation.Parallelism is { } p ? $"parallelism {p}" : null,
                }.OfType<string>());
                var why = target.Decision is { } staged ? ReportText.DecisionReason(staged) : recommendation.Reason;
                console.MarkupLine($"  {what} {Markup.Escape(knobs)}: {Markup.Escape(why)}");
                var savings = recommendation.Savings;
                var latency = savings.P95ChangePercent is { } l ? $", p95 {l.ToString("+0.#;-0.#;0", CultureInfo.InvariantCulture)}%" : string.Empty;
                // A balanced or speed objective may pick a slightly dearer configuration: say "costs more", not "-1% savings".
                var label = savings.CostPercent < 0 ? "Extra cost" : "Savings";
                var monthly = savings.UsdPerMonth is { } m ? $", {Math.Abs(m).ToString("0.00", CultureInfo.InvariantCulture)} USD per month" : string.Empty;
                console.MarkupLine($"  {label}: {Math.Abs(savings.CostPercent).ToString("0.#", CultureInfo.InvariantCulture)}% per invocation ({Math.Abs(savings.UsdPerMillionInvocations).ToString("0.00", CultureInfo.InvariantCulture)} USD per million{monthly}){latency}");
            }
            else
            {
                console.MarkupLine("  [red]No recommendation[/]: neither the baseline nor any candidate could be measured.");
            }

            if (target.Decision is { } decision)
            {
                // The reason is on the recommendation's line above: the stages, A/A check and confirmation back it.
                DecisionSummary.Write(console, decision, withReason: false);
            }

            foreach (var warning in target.Warnings.Take(5))
            {
                console.MarkupLine($"  [grey]warning: {Markup.Escape(warning)}[/]");
            }
        }

        foreach (var alert in report.Alerts)
        {
            console.MarkupLine($"[yellow]alert[/] {Markup.Escape(alert.Message)}");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
