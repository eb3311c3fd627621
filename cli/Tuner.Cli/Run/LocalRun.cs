using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Spectre.Console;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.LocalCloud;
using Tuner.Reports;
using static Tuner.Cli.Commands.RunCommand;

namespace Tuner.Cli.Run;

/// <summary>
/// One local tuning of a request that passed <see cref="RunPreCheck"/>: starts the local engines, puts the job's previous
/// verified report where the Reducer looks (<see cref="LocalHistory"/>), runs the execution with its progress, then copies
/// the report with <see cref="ReportDownloader"/>, verifies it and prints the summary. Every process it starts is stopped
/// on exit, error and Ctrl-C.
/// </summary>
internal static class LocalRun
{
    /// <summary>Starts the local stack at <paramref name="paths"/> for <paramref name="check"/>'s registry and runs the request on it; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        RunSettings settings, RunPreCheckResult check, LocalRunPaths paths, IAnsiConsole console, TextWriter jsonOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(paths);
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
        AwsClientFactory? history = null;
        try
        {
            await SeedHistoryAsync(console, () => (history = BucketClients(cloud)).CreateObjectStore(cloud.Bucket), job, settings.ReportsDirectory, keyPath, cancellationToken);
        }
        finally
        {
            history?.Dispose();
        }

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
                    new RunJson(RunJson.SchemaId, settings.Request.FullName, run.RunId, outcome.Status.ToApiName(), false, null, outcome.Error ?? outcome.Status.ToApiName(), [], null),
                    CliJson.Default.RunJson);
            }

            return outcome.Status == ExecutionStatus.Aborted ? Cancelled : Failed;
        }

        using var factory = BucketClients(cloud);
        // Locally the Cleaner signs its cleanup record with the same local key as the Reducer the report.
        var verifier = LocalKeyReportVerifier.FromFile(LocalSigningKey.PublicKeyPathFor(keyPath));
        var downloader = new ReportDownloader(factory.CreateObjectStore(cloud.Bucket), verifier, verifier);
        return await FinishAsync(console, jsonOutput, downloader, run.RunId, settings, cancellationToken);
    }

    /// <summary>
    /// Puts the job's newest verified local report where the Reducer looks for the previous run (<see cref="LocalHistory"/>),
    /// and says which one, or that there is none, and every report skipped and why. <paramref name="bucket"/> is only
    /// asked for when there is a report to seed.
    /// </summary>
    internal static async Task SeedHistoryAsync(IAnsiConsole console, Func<IObjectStore> bucket, string job, string reportsDirectory, string keyPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(bucket);
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

        await LocalHistory.SeedAsync(bucket(), job, previous, cancellationToken);
        console.MarkupLine($"Week to week: compared with run {Markup.Escape(chosen.Report.Run.RunId)} ({Markup.Escape(chosen.Path)}, signature verified).");
    }

    /// <summary>
    /// Copies and verifies the succeeded run's report with <paramref name="downloader"/>, prints its summary, the files,
    /// the signature's and the cleanup record's verdicts (and the JSON document with <see cref="RunSettings.Json"/>);
    /// returns <see cref="ExitCode"/>.
    /// </summary>
    internal static async Task<int> FinishAsync(IAnsiConsole console, TextWriter jsonOutput, ReportDownloader downloader, string runId, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(settings);
        var output = settings.Output?.FullName ?? Path.Combine(settings.ReportsDirectory, runId);
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
                new RunJson(RunJson.SchemaId, settings.Request.FullName, runId, ExecutionStatus.Succeeded.ToApiName(), verified, output, verified ? null : "the report's signature does not verify with the local public key", [], ReportSummaryJson.From(report)),
                CliJson.Default.RunJson);
        }

        return ExitCode(verified, settings.FailOnAlert, report.Alerts.Count);
    }

    /// <summary>A succeeded run's exit code: an unverified report fails it; with <c>--fail-on-alert</c>, alerts exit 7.</summary>
    internal static int ExitCode(bool verified, bool failOnAlert, int alerts) =>
        !verified ? Failed : failOnAlert && alerts > 0 ? RegressionAlert : Succeeded;

    /// <summary>The Fail state's cause as a person reads it: the function's <c>errorMessage</c> when it is an error document.</summary>
    internal static string DescribeCause(string? cause)
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

    private static AwsClientFactory BucketClients(LocalCloudSession cloud) => new(
        new AwsEnvironment(cloud.Options.Region, null, new Dictionary<string, Uri> { [AwsEnvironment.S3] = cloud.S3.ServiceUrl }, null),
        new BasicAWSCredentials(S3Engine.AccessKey, S3Engine.SecretKey));

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
