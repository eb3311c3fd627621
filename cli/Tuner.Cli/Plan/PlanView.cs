using System.Globalization;
using Spectre.Console;
using Tuner.Core.Planning;
using Tuner.Core.Requests;
using Tuner.Reports;

namespace Tuner.Cli.Plan;

/// <summary><c>tuner plan</c>'s text: per target the current configuration, the staged sampling and the cells; the upper-bound cost and time; every refusal.</summary>
internal static class PlanView
{
    public static void Write(IAnsiConsole console, PlanPreview preview, string requestName, string sourceDescription)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(preview);
        console.MarkupLine($"Plan of job [bold]{Markup.Escape(preview.Request.Job)}[/] ({Markup.Escape(requestName)}) · {Markup.Escape(sourceDescription)} · region {Markup.Escape(preview.Region)} · nothing was changed");
        if (preview.Plan is { } plan)
        {
            foreach (var target in plan.Targets)
            {
                WriteTarget(console, target, preview.Sampling[target.TargetIndex]);
            }

            WriteEstimate(console, plan.Estimate, preview.WallSecondsMax);
        }

        console.WriteLine();
        if (preview.Accepted)
        {
            console.MarkupLine("[green]The run would start[/]: nothing in the request would be refused.");
            return;
        }

        console.MarkupLine("[red]The run would be refused[/], nothing would be changed:");
        foreach (var problem in preview.Problems)
        {
            console.MarkupLine($"  {Markup.Escape(problem.ToString())}");
        }
    }

    /// <summary>Every problem of a request that could not be read, one per line.</summary>
    public static void WriteInvalid(IAnsiConsole console, string command, string requestName, IEnumerable<ValidationProblem> problems, string what)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[red]tuner {command}:[/] {Markup.Escape(requestName)} {Markup.Escape(what)}; nothing was started:");
        foreach (var problem in problems)
        {
            console.MarkupLine($"  {Markup.Escape(problem.ToString())}");
        }
    }

    private static void WriteTarget(IAnsiConsole console, TargetPlan target, Tuner.Core.Decisions.SamplingPolicy sampling)
    {
        console.WriteLine();
        var baseline = target.Baseline;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{target.Function}: now {baseline.MemoryMb} MB, timeout {baseline.TimeoutSeconds} s, {target.Architecture}; {target.Cells.Count} cells, {target.Versions.Count} versions to publish")));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"  sampling: first pass {sampling.FirstPass} per cell, survivors doubled up to {sampling.Ceiling}; confirmation {sampling.Confirm} per side; budget {sampling.Budget} measured invocations; {sampling.Concurrency} at a time{(sampling.Mode == MeasureMode.Cold ? "; cold starts only" : string.Empty)}")));
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("cell").NoWrap());
        table.AddColumn(new TableColumn("MB").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("batch").RightAligned().NoWrap());
        table.AddColumn(new TableColumn("parallel").RightAligned().NoWrap());
        table.AddColumn("other knobs");
        foreach (var cell in target.Cells)
        {
            var knobs = string.Join(' ', cell.Env.Where(kv => kv.Key is not TuningPlanner.BatchSizeVariable and not TuningPlanner.ParallelismVariable).Select(kv => kv.Key + "=" + kv.Value));
            table.AddRow(
                Markup.Escape(cell.IsBaseline ? cell.Id + " (now)" : cell.Id),
                cell.MemoryMb.ToString(CultureInfo.InvariantCulture),
                cell.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "-",
                cell.Parallelism?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Markup.Escape(knobs.Length == 0 ? "-" : knobs));
        }

        console.Write(table);
    }

    private static void WriteEstimate(IAnsiConsole console, PlanCostEstimate estimate, double wallSeconds)
    {
        console.WriteLine();
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Cost at most {ReportText.Usd(estimate.TotalUsd)} (Lambda compute {ReportText.Usd(estimate.LambdaComputeUsd)}, requests {ReportText.Usd(estimate.LambdaRequestsUsd)}, Step Functions {ReportText.Usd(estimate.StepFunctionsUsd)}); {estimate.Invocations:N0} invocations at most, {estimate.StateTransitions:N0} state transitions")));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Time at most {Duration(wallSeconds)} on AWS: publishing {estimate.Versions} versions ≈ {Duration(estimate.PublishSeconds)}, then measuring ≤ {Duration(estimate.MeasureSecondsMax)} (every wave to the full timeout)")));
        console.MarkupLine("[grey]Assumptions of the bounds:[/]");
        foreach (var assumption in estimate.Assumptions)
        {
            console.MarkupLine($"[grey]  - {Markup.Escape(assumption)}[/]");
        }
    }

    private static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Ceiling(seconds));
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours} h {time.Minutes:00} min")
            : time.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalMinutes} min {time.Seconds:00} s") : string.Create(CultureInfo.InvariantCulture, $"{time.Seconds} s");
    }
}
