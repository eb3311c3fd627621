using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tuner.Aws.Signing;
using Tuner.Cli.Cleanup;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Reports;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner history &lt;job&gt; [--reports DIR]</c>: lists the job's past runs found in the local reports folder, newest
/// first, with each target's recommendation, savings and the run's alerts. Exit 0 (also when there is none), 2 when the
/// folder does not exist.
/// </summary>
public static class HistoryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var job = new Argument<string>("job") { Description = "The job name (the request's \"job\")." };
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "The local reports folder (default ./tuner-reports/)." };
        var json = JsonOption.Create();
        var command = new Command("history", "List a job's past runs from the local reports folder, with recommendations and alerts.");
        command.Arguments.Add(job);
        command.Options.Add(reports);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
            RunAsync(
                result.GetValue(job)!,
                result.GetValue(reports)?.FullName ?? Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory),
                AnsiConsole.Console,
                Console.Error,
                result.GetValue(json) ? Console.Out : null,
                LocalSigningKey.PublicKeyPathFor(LocalSigningKey.DefaultPath(
                    Environment.GetEnvironmentVariable(TunerEnvironment.Home),
                    Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))),
                cancellationToken));
        return command;
    }

    /// <summary>
    /// Prints the history table, or with <paramref name="jsonOutput"/> writes it there as JSON (docs/schemas/history.schema.json);
    /// each run's cleanup.json, when beside its report, is checked (with the local key at <paramref name="publicKeyPath"/>
    /// for a <c>local:</c> signature) and told in the "after the report" column.
    /// </summary>
    public static async Task<int> RunAsync(
        string job, string reportsDirectory, IAnsiConsole console, TextWriter error, TextWriter? jsonOutput = null, string? publicKeyPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        if (!Directory.Exists(reportsDirectory))
        {
            await error.WriteLineAsync($"tuner history: {reportsDirectory} does not exist (runs write their reports there; pass --reports DIR).");
            return 2;
        }

        var runs = LocalReports.History(reportsDirectory, job, out var problems);
        foreach (var p in problems)
        {
            await error.WriteLineAsync("tuner history: skipped " + p);
        }

        var verifier = CleanupBeside.LocalKey(publicKeyPath);
        var cleanups = new List<Tuner.Reports.CleanupAddendum?>();
        foreach (var run in runs)
        {
            cleanups.Add(await CleanupBeside.ReadAsync(Path.GetDirectoryName(run.Path)!, run.Report.Run.RunId, verifier, cancellationToken));
        }

        if (jsonOutput is not null)
        {
            CliJson.Write(
                jsonOutput,
                new HistoryJson(HistoryJson.SchemaId, job, reportsDirectory, [.. runs.Select((r, i) => new HistoryRunJson(r.Path, r.HasSignatureFile, ReportSummaryJson.From(r.Report)) { Cleanup = CleanupJson.From(cleanups[i]) })], problems),
                CliJson.Default.HistoryJson);
            return 0;
        }

        if (runs.Count == 0)
        {
            console.MarkupLine($"No runs of job [bold]{Markup.Escape(job)}[/] in {Markup.Escape(reportsDirectory)}.");
            return 0;
        }

        var table = new Table().Border(TableBorder.Simple).Title($"[bold]{Markup.Escape(job)}[/]: {runs.Count} run{(runs.Count == 1 ? string.Empty : "s")}, newest first");
        table.AddColumn(new TableColumn("finished (UTC)").NoWrap());
        table.AddColumn(new TableColumn("run").NoWrap());
        table.AddColumn("recommendation");
        table.AddColumn(new TableColumn("saves").RightAligned().NoWrap());
        table.AddColumn("alerts");
        table.AddColumn("after the report");
        foreach (var (local, cleanup) in runs.Zip(cleanups))
        {
            var r = local.Report;
            var where = r.Run.Mode == Tuner.Core.Reports.RunMode.Aws ? "AWS " + r.Run.Region : "local";
            var recs = string.Join("\n", r.Targets.Select(t => (r.Targets.Count > 1 ? t.Function + ": " : string.Empty)
                + (t.Recommendation is null ? "none" : t.Recommendation.Action == Tuner.Core.Objectives.RecommendationAction.KeepCurrent ? "keep current" : ReportText.RecommendedConfiguration(t))));
            var savings = string.Join("\n", r.Targets.Select(t => t.Recommendation is { } rec ? rec.Savings.CostPercent.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—"));
            var alerts = r.Alerts.Count == 0
                ? "[green]none[/]"
                : "[red]" + r.Alerts.Count.ToString(CultureInfo.InvariantCulture) + "[/] " + Markup.Escape(string.Join(", ", r.Alerts.Select(a => ReportText.TrendFigure(a.Metric)).Distinct()));
            table.AddRow(
                r.Run.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Markup.Escape(r.Run.RunId) + "\n[grey]" + Markup.Escape(where) + "[/]" + (local.HasSignatureFile ? string.Empty : "\n[yellow]unsigned[/]"),
                Markup.Escape(recs),
                savings,
                alerts,
                CleanupLines.Cell(cleanup));
        }

        console.Write(table);
        console.MarkupLine($"Details: [bold]tuner report <run>[/] · verify: [bold]tuner verify <folder>/{BucketKeys.ReportFile}[/]");
        return 0;
    }
}
