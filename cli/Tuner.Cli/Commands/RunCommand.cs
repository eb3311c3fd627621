using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Spectre.Console;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Cli.Run;
using Tuner.Core.Reports;
using Tuner.Core.Requests;
using Tuner.LocalCloud;
using Tuner.Reports;
using Tuner.Contracts;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner run &lt;request.json&gt; [--functions tuner.local.json] [--out DIR]</c>: runs a tuning on this machine —
/// the real state machine on aws-local-stepfunctions, Tuner's functions and the targets in the local Lambda service,
/// dynalite and s3rver — with live progress, then prints the recommendation and copies the signed report to
/// <c>--out</c> (default <c>./tuner-reports/&lt;runId&gt;/</c>). Every process it starts is stopped on exit, error and Ctrl-C.
/// </summary>
public static class RunCommand
{
    /// <summary>The run succeeded and its report's signature verified.</summary>
    public const int Succeeded = ExitCodes.Succeeded;

    /// <summary>The execution failed (the Fail state's error and cause are printed).</summary>
    public const int Failed = ExitCodes.Failed;

    /// <summary>Bad arguments or input files, or a request the Planner would refuse; nothing was started.</summary>
    public const int InvalidInput = ExitCodes.InvalidInput;

    /// <summary>With <c>--fail-on-alert</c>: the run succeeded and verified, and its report has regression alerts.</summary>
    public const int RegressionAlert = ExitCodes.RegressionAlert;

    /// <summary>Cancelled with Ctrl-C (the Cleaner ran).</summary>
    public const int Cancelled = ExitCodes.Cancelled;


    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var request = new Argument<FileInfo>("request") { Description = "The tuning request (JSON), e.g. examples/quickstart.json." };
        var functions = new Option<FileInfo?>("--functions") { Description = "Local function registry (default: tuner.local.json beside the request, then in the current folder)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to copy the report files (default <reports folder>/<runId>/)." };
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "The local reports folder: the job's newest verified report there is the previous run the trend compares with (default ./tuner-reports/)." };
        var noLimits = new Option<bool>("--no-limits") { Description = "Run targets without cgroup CPU/memory caps (figures are then not comparable with AWS)." };
        var json = JsonOption.Create();
        var failOnAlert = FailOnAlertOption.Create();
        var command = new Command("run", "Run a tuning locally: the state machine, Tuner's functions, the targets, DynamoDB and S3 on this machine.");
        command.Arguments.Add(request);
        command.Options.Add(functions);
        command.Options.Add(output);
        command.Options.Add(reports);
        command.Options.Add(noLimits);
        command.Options.Add(json);
        command.Options.Add(failOnAlert);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var settings = new RunSettings(
                result.GetValue(request)!, result.GetValue(functions), result.GetValue(output), !result.GetValue(noLimits), result.GetValue(reports), result.GetValue(failOnAlert), result.GetValue(json));
            // With --json the document is standard output's only content: the progress goes to standard error.
            var console = settings.Json ? ConsoleFactory.Create(Console.Error, Console.IsErrorRedirected, Environment.GetEnvironmentVariable) : AnsiConsole.Console;
            return RunAsync(settings, console, Console.Out, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The command's inputs. <c>Reports</c> is the reports folder (previous runs are read there, the new report is
    /// written there unless <c>Output</c> says otherwise); <c>FailOnAlert</c> exits 7 on regression alerts; <c>Json</c>
    /// writes the outcome as one JSON document.
    /// </summary>
    public sealed record RunSettings(
        FileInfo Request, FileInfo? Functions, DirectoryInfo? Output, bool EnforceLimits, DirectoryInfo? Reports = null, bool FailOnAlert = false, bool Json = false)
    {
        /// <summary>The reports folder in use.</summary>
        public string ReportsDirectory => Reports?.FullName ?? Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory);
    }

    /// <summary>Runs one local tuning; returns the exit code.</summary>
    public static Task<int> RunAsync(RunSettings settings, IAnsiConsole console, CancellationToken cancellationToken) =>
        RunAsync(settings, console, Console.Out, cancellationToken);

    /// <summary>Runs one local tuning, the JSON document (with <see cref="RunSettings.Json"/>) going to <paramref name="jsonOutput"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunSettings settings, IAnsiConsole console, TextWriter jsonOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(jsonOutput);

        // Validate first: a bad request, a registry that does not serve it, or anything the Planner would refuse is
        // refused here, with every problem and its field path, before any engine starts.
        var check = await RunPreCheck.CheckAsync(settings.Request, settings.Functions, cancellationToken);
        if (!check.Passed)
        {
            return Refused(settings, console, jsonOutput, check.Problems, check.Refusal);
        }

        LocalRunPaths paths;
        try
        {
            paths = LocalRunPaths.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (DirectoryNotFoundException e)
        {
            console.MarkupLine($"[red]tuner run:[/] {Markup.Escape(e.Message)}");
            return InvalidInput;
        }

        var options = paths.Options(check.Registry!, settings.EnforceLimits, new ConsoleLog(console));
        var clock = Stopwatch.StartNew();
        LocalCloudSession cloud;
        try
        {
            cloud = await LocalCloudSession.StartAsync(options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled[/] while starting the local engines; everything started was stopped.");
            return Cancelled;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException or JsonException)
        {
            console.MarkupLine($"[red]tuner run:[/] the local engines did not start: {Markup.Escape(e.Message)}");
            return Failed;
        }

        await using (cloud)
        {
            var startup = clock.Elapsed;
            console.MarkupLine($"Local engines ready in {startup.TotalSeconds:0.0} s ({Markup.Escape(cloud.Lambda.LimitsDescription)}); targets: {Markup.Escape(string.Join(", ", cloud.Targets.Select(t => t.Name)))}");
            return await ExecuteAsync(settings, check.RequestJson, check.Request!.Job, cloud, paths.SigningKeyPath, startup, console, jsonOutput, cancellationToken);
        }
    }

    /// <summary>
    /// Runs one execution on a started local stack: the job's previous verified report from the reports folder first
    /// (<see cref="LocalHistory"/>), then the run with its progress, then the report copied, verified and summarised.
    /// </summary>
    internal static async Task<int> ExecuteAsync(
        RunSettings settings, string requestJson, string job, LocalCloudSession cloud, string keyPath, TimeSpan startup, IAnsiConsole console, TextWriter jsonOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(console);
        var progress = new RunProgress();
        var runId = LocalCloudSession.NewRunId(TimeProvider.System);
        console.MarkupLine($"Run [bold]{runId}[/] of {Markup.Escape(settings.Request.Name)}");
        await SeedHistoryAsync(console, cloud, job, settings.ReportsDirectory, keyPath, cancellationToken);
        var run = await RunProgressView.RunAsync(console, cloud, requestJson, runId, progress, cancellationToken);
        RunProgressView.PrintLines(console, progress);

        var outcome = run.Outcome;
        var executionTime = outcome.Duration;
        var cells = Math.Max(progress.CellsTotal, 1);
        var overhead = executionTime > TimeSpan.Zero ? 1 - (progress.InvokeTime / executionTime) : 0;
        console.MarkupLine(
            $"[grey]Execution {executionTime.TotalSeconds:0.0} s (engines start {startup.TotalSeconds:0.0} s, definition check {outcome.ValidationTime.TotalMilliseconds:0} ms); "
            + $"target invocations {progress.InvokeTime.TotalSeconds:0.0} s; outside them {overhead * 100:0.0}%; "
            + $"{outcome.StateTransitions} state transitions ({(double)outcome.StateTransitions / cells:0.00} per cell, {(double)progress.CellTransitions / cells:0.00} inside the Map); "
            + $"{progress.Step} Narrower step(s), {progress.SamplesTaken} warm samples of {progress.Invocations} invocations[/]");

        if (!outcome.Succeeded)
        {
            console.MarkupLine(outcome.Status == ExecutionStatus.Aborted
                ? "[yellow]Cancelled.[/] The execution was stopped."
                : $"[red]Run {Markup.Escape(outcome.Status == ExecutionStatus.TimedOut ? "timed out" : "failed")}:[/] {Markup.Escape(outcome.Error ?? "unknown error")}");
            if (outcome.Status != ExecutionStatus.Aborted)
            {
                console.MarkupLine($"  {Markup.Escape(DescribeCause(outcome.Cause))}");
            }

            console.MarkupLine(run.CleanupError is null
                ? $"  The Cleaner ran after the run ended: {Markup.Escape(run.Cleanup ?? "(no output)")}"
                : $"  [red]The Cleaner failed:[/] {Markup.Escape(run.CleanupError)}");
            if (settings.Json)
            {
                CliJson.Write(
                    jsonOutput,
                    new RunJson(RunJson.SchemaId, settings.Request.FullName, run.RunId, outcome.Status, false, null, outcome.Error ?? outcome.Status, [], null),
                    CliJson.Default.RunJson);
            }

            return outcome.Status == ExecutionStatus.Aborted ? Cancelled : Failed;
        }

        return await FinishAsync(console, jsonOutput, cloud, run.RunId, settings, keyPath, cancellationToken);
    }

    /// <summary>
    /// Puts the job's newest verified local report where the Reducer looks for the previous run (<see cref="LocalHistory"/>),
    /// and says which one, or that there is none, and every report skipped and why.
    /// </summary>
    private static async Task SeedHistoryAsync(IAnsiConsole console, LocalCloudSession cloud, string job, string reportsDirectory, string keyPath, CancellationToken cancellationToken)
    {
        var publicKey = LocalSigningKey.PublicKeyPathFor(keyPath);
        if (!File.Exists(publicKey))
        {
            console.MarkupLine($"[grey]Week to week: no local signing key yet ({Markup.Escape(publicKey)}), so no previous report can be verified; this is the job's first local run.[/]");
            return;
        }

        var previous = await LocalHistory.FindAsync(reportsDirectory, job, LocalKeyReportVerifier.FromFile(publicKey), cancellationToken);
        foreach (var skipped in previous.Skipped)
        {
            console.MarkupLine($"[yellow]Week to week: skipped {Markup.Escape(skipped)}.[/]");
        }

        if (previous.Report is not { } chosen)
        {
            console.MarkupLine($"[grey]Week to week: no verified report of job {Markup.Escape(job)} in {Markup.Escape(reportsDirectory)}; this run has nothing to compare with.[/]");
            return;
        }

        using var factory = BucketClients(cloud);
        await LocalHistory.SeedAsync(factory.CreateObjectStore(cloud.Bucket), job, previous, cancellationToken);
        console.MarkupLine($"Week to week: compared with run {Markup.Escape(chosen.Report.Run.RunId)} ({Markup.Escape(chosen.Path)}, signature verified).");
    }

    private static AwsClientFactory BucketClients(LocalCloudSession cloud) => new(
        new AwsEnvironment(cloud.Options.Region, null, new Dictionary<string, Uri> { [AwsEnvironment.S3] = cloud.S3.ServiceUrl }, null),
        new BasicAWSCredentials(S3Engine.AccessKey, S3Engine.SecretKey));

    private static int Refused(RunSettings settings, IAnsiConsole console, TextWriter jsonOutput, IReadOnlyList<ValidationProblem> problems, string what)
    {
        if (settings.Json)
        {
            CliJson.Write(jsonOutput, new RunJson(RunJson.SchemaId, settings.Request.FullName, null, RunJson.Refused, false, null, null, ProblemJson.From(problems), null), CliJson.Default.RunJson);
        }

        PlanView.WriteInvalid(console, "run", settings.Request.Name, problems, what);
        return InvalidInput;
    }

    /// <summary>
    /// Says whether the Cleaner's signed record (cleanup.json, cleanup.sig.json) verifies with the local key and, when it
    /// does, each owner's change the Cleaner kept: the report was signed before the Cleaner ran, so this is where a
    /// change made during the run is told.
    /// </summary>
    private static void WriteCleanupRecord(IAnsiConsole console, ReportDownload download, string output)
    {
        var path = Markup.Escape(Path.Combine(output, BucketKeys.CleanupFile));
        switch (download.Cleanup)
        {
            case CleanupRecordState.Checked when download.CleanupVerdict is { Valid: true } verdict:
                console.MarkupLine($"Cleanup record verified ({Markup.Escape(BucketKeys.CleanupSignatureFile)}): {path}");
                foreach (var kept in verdict.KeptChanges)
                {
                    console.MarkupLine($"[bold]owner's later change kept[/]: {Markup.Escape(kept.ToString())}");
                }

                break;
            case CleanupRecordState.Checked:
                console.MarkupLine($"[red]The cleanup record {path} does not verify with the local public key: {Markup.Escape(download.CleanupVerdict?.Problem ?? string.Empty)}[/]");
                break;
            case CleanupRecordState.NotSigned:
                console.MarkupLine($"[red]The cleanup record {path} is not signed.[/]");
                break;
            default:
                break;
        }
    }

    private static async Task<int> FinishAsync(IAnsiConsole console, TextWriter jsonOutput, LocalCloudSession cloud, string runId, RunSettings settings, string keyPath, CancellationToken cancellationToken)
    {
        var output = settings.Output?.FullName ?? Path.Combine(settings.ReportsDirectory, runId);
        using var factory = BucketClients(cloud);
        // Locally the Cleaner signs its cleanup record with the same local key as the Reducer the report.
        var verifier = LocalKeyReportVerifier.FromFile(LocalSigningKey.PublicKeyPathFor(keyPath));
        var downloader = new ReportDownloader(factory.CreateObjectStore(cloud.Bucket), verifier, verifier);
        var download = await downloader.DownloadAsync(runId, output, cancellationToken);
        var verified = download.SignatureValid;
        var report = TuningReport.Parse(await File.ReadAllBytesAsync(Path.Combine(output, BucketKeys.ReportFile), cancellationToken));
        console.WriteLine();
        RunSummary.Write(console, report);
        console.WriteLine();
        console.MarkupLine($"Report: {Markup.Escape(Path.Combine(output, BucketKeys.HtmlFile))}");
        foreach (var file in BucketKeys.ReportFiles.Where(f => f != BucketKeys.HtmlFile))
        {
            console.MarkupLine($"        {Markup.Escape(Path.Combine(output, file))}");
        }

        console.MarkupLine(verified
            ? $"Signature verified ({Markup.Escape(download.KeyId)}); check it again with: tuner verify {Markup.Escape(Path.Combine(output, BucketKeys.ReportFile))}"
            : "[red]The report's signature does not verify with the local public key.[/]");
        WriteCleanupRecord(console, download, output);
        if (settings.FailOnAlert && report.Alerts.Count > 0)
        {
            console.MarkupLine($"[red]{report.Alerts.Count} regression alert(s)[/]: exit {RegressionAlert} (--fail-on-alert).");
        }

        if (settings.Json)
        {
            CliJson.Write(
                jsonOutput,
                new RunJson(RunJson.SchemaId, settings.Request.FullName, runId, ExecutionStatus.Succeeded, verified, output, verified ? null : "the report's signature does not verify with the local public key", [], ReportSummaryJson.From(report)),
                CliJson.Default.RunJson);
        }

        return !verified ? Failed : settings.FailOnAlert && report.Alerts.Count > 0 ? RegressionAlert : Succeeded;
    }

    private static string DescribeCause(string? cause)
    {
        if (string.IsNullOrEmpty(cause))
        {
            return "(no cause)";
        }

        // On AWS the cause is the function's error document (JSON); locally it is "Type: message".
        try
        {
            using var document = JsonDocument.Parse(cause);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errorMessage", out var message))
            {
                return message.GetString() ?? cause;
            }
        }
        catch (JsonException)
        {
            // Not JSON: already a message.
        }

        return cause;
    }

    /// <summary>The local stack's start-up log, dimmed.</summary>
    private sealed class ConsoleLog(IAnsiConsole console) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => console.MarkupLine($"[grey]{Markup.Escape(value ?? string.Empty)}[/]");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
