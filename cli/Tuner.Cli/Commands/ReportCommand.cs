using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tuner.Aws.Signing;
using Tuner.Cli.Cleanup;
using Tuner.Cli.Output;
using Tuner.Cli.Run;
using Tuner.Contracts;
using Tuner.Core.Reports;
using Tuner.Reports;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner report &lt;runId|path/to/report.json&gt; [--open] [--reports DIR] [--all]</c>: prints a report's summary in the
/// terminal (alerts, recommendation, how it was decided — stages, A/A check, confirmation — the best cells, the trend); <c>--open</c> writes report.html beside report.json
/// and opens it (or prints its path where no browser can be started); <c>--json</c> writes its summary as JSON. Exit 0, 2 when the report cannot
/// be found or read, 7 with <c>--fail-on-alert</c> when it has regression alerts.
/// </summary>
public static class ReportCommand
{
    /// <summary>Rows of the cell table when <c>--all</c> is not given.</summary>
    public const int DefaultRows = 12;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = $"A run id (looked up in the reports folder) or the path of a {BucketKeys.ReportFile} or its folder." };
        var open = new Option<bool>("--open") { Description = $"Write {BucketKeys.HtmlFile} next to {BucketKeys.ReportFile} and open it." };
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "The local reports folder (default ./tuner-reports/)." };
        var all = new Option<bool>("--all") { Description = "List every cell, not only the best ones." };
        var json = JsonOption.Create();
        var failOnAlert = FailOnAlertOption.Create();
        var command = new Command("report", "Show a run's recommendation, alerts and trend in the terminal; --open writes and opens the HTML report.");
        command.Arguments.Add(run);
        command.Options.Add(open);
        command.Options.Add(reports);
        command.Options.Add(all);
        command.Options.Add(json);
        command.Options.Add(failOnAlert);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var options = new ReportOptions(
                result.GetValue(run)!,
                result.GetValue(reports)?.FullName ?? Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory),
                result.GetValue(open),
                result.GetValue(all),
                result.GetValue(json),
                result.GetValue(failOnAlert))
            {
                PublicKeyPath = LocalSigningKey.PublicKeyPathFor(LocalSigningKey.DefaultPath(
                    Environment.GetEnvironmentVariable(TunerEnvironment.Home),
                    Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))),
            };
            return RunAsync(options, AnsiConsole.Console, Console.Error, OpenInBrowser, Console.Out, cancellationToken);
        });
        return command;
    }

    /// <summary>What to show; <c>Json</c> writes the summary as JSON instead, <c>FailOnAlert</c> exits 7 when the report has regression alerts.</summary>
    public sealed record ReportOptions(string RunOrPath, string ReportsDirectory, bool Open, bool All, bool Json = false, bool FailOnAlert = false)
    {
        /// <summary>The local public key that checks a <c>local:</c>-signed cleanup.json beside the report (null: none here).</summary>
        public string? PublicKeyPath { get; init; }
    }

    /// <summary>
    /// Prints the summary (or, with <see cref="ReportOptions.Json"/>, writes it as JSON to standard output); with
    /// <see cref="ReportOptions.Open"/>, writes report.html and hands its path to <paramref name="open"/>.
    /// </summary>
    public static Task<int> RunAsync(ReportOptions options, IAnsiConsole console, TextWriter error, Func<string, bool> open, CancellationToken cancellationToken) =>
        RunAsync(options, console, error, open, Console.Out, cancellationToken);

    /// <summary>The same, writing the JSON document (with <see cref="ReportOptions.Json"/>) to <paramref name="jsonOutput"/>.</summary>
    public static async Task<int> RunAsync(ReportOptions options, IAnsiConsole console, TextWriter error, Func<string, bool> open, TextWriter jsonOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(open);
        var path = LocalReports.Resolve(options.RunOrPath, options.ReportsDirectory);
        if (path is null)
        {
            await error.WriteLineAsync($"tuner report: no {BucketKeys.ReportFile} for '{options.RunOrPath}' (looked for a file, a folder, and {Path.Combine(options.ReportsDirectory, options.RunOrPath, BucketKeys.ReportFile)}). Fetch it first with `tuner fetch <runId>` or pass --reports.");
            return 2;
        }

        LocalReport local;
        try
        {
            local = LocalReports.Load(path);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"tuner report: {path} is not a readable Tuner report: {ex.Message}");
            return 2;
        }

        ReportSignature? signature = null;
        var sigPath = Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.SignatureFile);
        if (local.HasSignatureFile)
        {
            try
            {
                signature = await ReportSignatureFile.ReadAsync(sigPath, cancellationToken);
            }
            catch (Exception ex) when (ex is FormatException or JsonException or IOException)
            {
                await error.WriteLineAsync($"tuner report: {sigPath} is unreadable ({ex.Message}); the report is shown unsigned.");
            }
        }

        // The report was signed before the Cleaner ran: what the Cleaner did (a kept owner's change) is its own record.
        var cleanup = await CleanupBeside.ReadAsync(Path.GetDirectoryName(path)!, local.Report.Run.RunId, CleanupBeside.LocalKey(options.PublicKeyPath), cancellationToken);
        if (options.Json)
        {
            CliJson.Write(jsonOutput, new ReportJson(ReportJson.SchemaId, path, local.HasSignatureFile, signature?.KeyId, ReportSummaryJson.From(local.Report)) { Cleanup = CleanupJson.From(cleanup) }, CliJson.Default.ReportJson);
        }
        else
        {
            Print(local.Report, path, signature, options.All, console, cleanup);
        }

        if (options.Open)
        {
            var htmlPath = Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.HtmlFile);
            await File.WriteAllTextAsync(htmlPath, ReportRenderer.RenderHtml(local.Report, signature, cleanup), cancellationToken);
            var opened = open(htmlPath);
            console.MarkupLine((opened ? "Opened " : "Wrote ") + "[link]" + Markup.Escape(htmlPath) + "[/]" + (opened ? string.Empty : " — open it in a browser."));
        }

        return options.FailOnAlert && local.Report.Alerts.Count > 0 ? ExitCodes.RegressionAlert : ExitCodes.Succeeded;
    }

    /// <summary>Prints the summary tables.</summary>
    public static void Print(TuningReport report, string path, ReportSignature? signature, bool all, IAnsiConsole console) =>
        Print(report, path, signature, all, console, cleanup: null);

    /// <summary>Prints the summary tables and what the Cleaner recorded after the report (<paramref name="cleanup"/>, checked).</summary>
    public static void Print(TuningReport report, string path, ReportSignature? signature, bool all, IAnsiConsole console, CleanupAddendum? cleanup)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(console);
        var run = report.Run;
        console.Write(new Rule($"[bold]Tuner report[/] · job {Markup.Escape(run.Job)} · run {Markup.Escape(run.RunId)}").LeftJustified());
        console.MarkupLine($"Finished {run.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} · measured on {Markup.Escape(ReportText.MeasuredOn(run))} · {Markup.Escape(path)}");

        if (report.Alerts.Count > 0)
        {
            var alerts = new Table().Border(TableBorder.Rounded).BorderColor(Color.Red).Title("[bold red]Regression alerts[/]");
            alerts.AddColumn(new TableColumn("Change").RightAligned());
            alerts.AddColumn("What happened");
            foreach (var a in report.Alerts)
            {
                alerts.AddRow(Pct(a.ChangePct), Markup.Escape(a.Message));
            }

            console.Write(alerts);
        }
        else
        {
            console.MarkupLine("[green]No regression alerts.[/]");
        }

        foreach (var target in report.Targets)
        {
            console.WriteLine();
            console.Write(new Rule($"[bold]{Markup.Escape(target.Function)}[/]").LeftJustified());
            console.MarkupLine("[bold]" + Markup.Escape(ReportText.Recommendation(target)) + "[/]");
            if (target.Decision is { } decision)
            {
                DecisionSummary.Write(console, decision, withReason: true);
            }

            console.Write(CellTable(target, all));
            if (target.FailedCells.Count > 0)
            {
                var failed = new Table().Border(TableBorder.Simple).Title("[red]Failed cells[/]");
                failed.AddColumn(new TableColumn("Cell").NoWrap());
                failed.AddColumn("Why");
                foreach (var f in target.FailedCells)
                {
                    failed.AddRow(Markup.Escape(f.CellId), Markup.Escape($"{f.ErrorType}: {f.Errors} of {f.Invocations} failed" + (f.Message is null ? string.Empty : " — " + f.Message)));
                }

                console.Write(failed);
            }

            foreach (var w in target.Warnings)
            {
                console.MarkupLine("[yellow]warning:[/] " + Markup.Escape(w));
            }
        }

        CleanupLines.Write(console, cleanup);
        console.WriteLine();
        console.MarkupLine("[bold]Week to week:[/] " + Markup.Escape(ReportText.TrendStatus(report)));
        if (report.Trend is { } trend)
        {
            foreach (var r in trend.Recommendations ?? [])
            {
                console.MarkupLine(Markup.Escape(r.Changed
                    ? $"{r.Function}: recommendation changed from {r.Previous ?? "none"} to {r.Current ?? "none"}."
                    : $"{r.Function}: recommendation unchanged ({r.Current ?? "none"})."));
            }

            var changes = trend.Entries.Where(e => e.ChangePct != 0).ToList();
            if (changes.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple);
                table.AddColumn("Target");
                table.AddColumn("Figure");
                table.AddColumn(new TableColumn("Previous").RightAligned());
                table.AddColumn(new TableColumn("This run").RightAligned());
                table.AddColumn(new TableColumn("Change").RightAligned());
                foreach (var e in changes)
                {
                    table.AddRow(Markup.Escape(e.Function), Markup.Escape(ReportText.TrendFigure(e.Metric)), Num(e.Previous), Num(e.Current), Pct(e.ChangePct));
                }

                console.Write(table);
            }
            else
            {
                console.MarkupLine("No figure changed.");
            }
        }

        var cost = report.TuningCost;
        console.MarkupLine($"This tuning run cost about {Markup.Escape(ReportText.Usd(cost.MeasuredUsd))} ({cost.Invocations.ToString("N0", CultureInfo.InvariantCulture)} invocations; planned upper bound {Markup.Escape(ReportText.Usd(cost.EstimatedUpperBoundUsd))}).");
        console.MarkupLine(signature is null
            ? $"No {BucketKeys.SignatureFile} next to {BucketKeys.ReportFile}: the report cannot be verified here."
            : $"Signed with key {Markup.Escape(signature.KeyId)} — check with [bold]tuner verify {Markup.Escape(path)}[/].");
    }

    private static Table CellTable(TargetReport target, bool all)
    {
        var cells = target.Cells.ToList();
        if (target.Baseline is { } b && cells.All(c => c.CellId != b.CellId))
        {
            cells.Add(b);
        }

        var recId = target.Recommendation?.CellId;
        var ordered = cells.OrderBy(c => c.Score ?? double.MaxValue).ThenBy(c => c.Cost.TotalUsd).ToList();
        var shown = all ? ordered : ordered.Take(DefaultRows).Concat(ordered.Where(c => c.CellId == recId || c.IsBaseline)).Distinct().ToList();
        // Fits 80 columns: the cost split and confidence intervals are in report.html (--open).
        var table = new Table().Border(TableBorder.Simple);
        table.Title(all || shown.Count == ordered.Count ? $"{ordered.Count} cells, best first" : $"best {shown.Count} of {ordered.Count} cells (--all for every cell)");
        table.AddColumn(new TableColumn("MB").RightAligned());
        table.AddColumn(new TableColumn("knobs").NoWrap());
        foreach (var h in new[] { "p50 ms", "p95 ms", "p99 ms", "$/1M", "err", "max MB", "items/s" })
        {
            table.AddColumn(new TableColumn(h).RightAligned().NoWrap());
        }

        foreach (var c in shown)
        {
            var d = c.Statistics.Duration;
            var name = Markup.Escape(CompactKnobs(c));
            name = c.CellId == recId ? "[green bold]★ " + name + "[/]" : c.IsBaseline ? "[bold]" + name + " now[/]" : name;
            var ips = ReportText.ItemsPerSecond(c) is { } perSecond ? Num(perSecond) : "—";
            table.AddRow(
                c.MemoryMb.ToString(CultureInfo.InvariantCulture),
                name,
                d is null ? "—" : Num(d.P50),
                d is null ? "—" : Num(d.P95),
                d is null ? "—" : Num(d.P99),
                Markup.Escape(ReportText.Usd(c.Cost.PerMillionInvocationsUsd)),
                c.Statistics.Errors.ToString(CultureInfo.InvariantCulture),
                c.Statistics.MaxMemoryUsedMb.ToString(CultureInfo.InvariantCulture),
                ips);
        }

        return table;
    }

    /// <summary>"b25 p4" (+ NAME=value): the terminal's narrow form of the configuration.</summary>
    private static string CompactKnobs(CellReport c)
    {
        var parts = new List<string>();
        if (c.BatchSize is { } b)
        {
            parts.Add("b" + b.ToString(CultureInfo.InvariantCulture));
        }

        if (c.Parallelism is { } p)
        {
            parts.Add("p" + p.ToString(CultureInfo.InvariantCulture));
        }

        parts.AddRange(c.Env.Where(kv => !kv.Key.StartsWith(TunerEnvironment.DynamoDbBatch.Prefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
        return parts.Count == 0 ? "as deployed" : string.Join(' ', parts);
    }

    private static string Num(double v) => Math.Abs(v) >= 100 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Pct(double v) => (v > 0 ? "+" : string.Empty) + v.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Opens a file with the desktop's handler when there is a desktop; false otherwise (the caller prints the path).</summary>
    private static bool OpenInBrowser(string path)
    {
        var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? null : "xdg-open";
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            return false;
        }

        try
        {
            using var process = opener is null
                ? Process.Start(new ProcessStartInfo(path) { UseShellExecute = true })
                : Process.Start(new ProcessStartInfo(opener, [path]) { UseShellExecute = false });
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
