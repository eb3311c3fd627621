using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Spectre.Console;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Deployed;
using Tuner.Cli.Run;
using Tuner.Core.Reports;
using Tuner.LocalStack;

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
    public const int Succeeded = 0;

    /// <summary>The execution failed (the Fail state's error and cause are printed).</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments or input files; nothing was started.</summary>
    public const int InvalidInput = 2;

    /// <summary>Cancelled with Ctrl-C (the Cleaner ran).</summary>
    public const int Cancelled = 130;

    private static readonly string[] ReportFiles = ["report.json", "report.sig.json", "report.html", "samples.csv"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var request = new Argument<FileInfo>("request") { Description = "The tuning request (JSON), e.g. examples/quickstart.json." };
        var functions = new Option<FileInfo?>("--functions") { Description = "Local function registry (default: tuner.local.json beside the request, then in the current folder)." };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where to copy the report files (default ./tuner-reports/<runId>/)." };
        var noLimits = new Option<bool>("--no-limits") { Description = "Run targets without cgroup CPU/memory caps (figures are then not comparable with AWS)." };
        var command = new Command("run", "Run a tuning locally: the state machine, Tuner's functions, the targets, DynamoDB and S3 on this machine.");
        command.Arguments.Add(request);
        command.Options.Add(functions);
        command.Options.Add(output);
        command.Options.Add(noLimits);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => RunAsync(
            new RunSettings(result.GetValue(request)!, result.GetValue(functions), result.GetValue(output), !result.GetValue(noLimits)),
            AnsiConsole.Console,
            cancellationToken));
        return command;
    }

    /// <summary>The command's inputs.</summary>
    public sealed record RunSettings(FileInfo Request, FileInfo? Functions, DirectoryInfo? Output, bool EnforceLimits);

    /// <summary>Runs one local tuning; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        if (!settings.Request.Exists)
        {
            console.MarkupLine($"[red]tuner run:[/] {Markup.Escape(settings.Request.FullName)} does not exist");
            return InvalidInput;
        }

        var requestJson = await File.ReadAllTextAsync(settings.Request.FullName, cancellationToken);
        try
        {
            using var _ = JsonDocument.Parse(requestJson);
        }
        catch (JsonException e)
        {
            console.MarkupLine($"[red]tuner run:[/] {Markup.Escape(settings.Request.Name)} is not JSON: {Markup.Escape(e.Message)}");
            return InvalidInput;
        }

        // Validate first: a bad request is refused here, with every problem and its field path, before any engine starts.
        var read = Tuner.Core.Requests.TuningRequestReader.Read(requestJson);
        if (!read.IsValid)
        {
            console.MarkupLine($"[red]tuner run:[/] {Markup.Escape(settings.Request.Name)} is not a valid tuning request; nothing was started:");
            foreach (var problem in read.Problems)
            {
                console.MarkupLine($"  {Markup.Escape(problem.ToString())}");
            }

            return InvalidInput;
        }

        var registry = settings.Functions?.FullName ?? FindRegistry(settings.Request);
        if (registry is null || !File.Exists(registry))
        {
            console.MarkupLine($"[red]tuner run:[/] no function registry: pass --functions tuner.local.json (looked beside {Markup.Escape(settings.Request.Name)} and in the current folder)");
            return InvalidInput;
        }

        string definition;
        try
        {
            definition = Path.Combine(Path.GetDirectoryName(NodeRuntime.FindEngineDirectory(Environment.GetEnvironmentVariable("TUNER_ENGINE_DIR")))!, "..", "statemachine", "tuner.asl.json");
        }
        catch (DirectoryNotFoundException e)
        {
            console.MarkupLine($"[red]tuner run:[/] {Markup.Escape(e.Message)}");
            return InvalidInput;
        }

        var keyPath = LocalSigningKey.DefaultPath(
            Environment.GetEnvironmentVariable("TUNER_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        var options = new LocalStackOptions
        {
            DefinitionPath = Path.GetFullPath(definition),
            FunctionsAssemblyPath = Path.Combine(AppContext.BaseDirectory, "Tuner.Functions.dll"),
            SigningKeyPath = keyPath,
            RegistryPath = registry,
            EngineDirectory = Environment.GetEnvironmentVariable("TUNER_ENGINE_DIR"),
            EnforceLimits = settings.EnforceLimits,
            Log = new ConsoleLog(console),
        };

        var clock = Stopwatch.StartNew();
        LocalCloud cloud;
        try
        {
            cloud = await LocalCloud.StartAsync(options, cancellationToken);
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
            var progress = new RunProgress();
            var runId = LocalCloud.NewRunId(TimeProvider.System);
            console.MarkupLine($"Run [bold]{runId}[/] of {Markup.Escape(settings.Request.Name)}");
            var run = await RunWithProgressAsync(console, cloud, requestJson, runId, progress, cancellationToken);
            PrintLines(console, progress);

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
                console.MarkupLine(outcome.Status == "ABORTED"
                    ? "[yellow]Cancelled.[/] The execution was stopped."
                    : $"[red]Run {Markup.Escape(outcome.Status == "TIMED_OUT" ? "timed out" : "failed")}:[/] {Markup.Escape(outcome.Error ?? "unknown error")}");
                if (outcome.Status != "ABORTED")
                {
                    console.MarkupLine($"  {Markup.Escape(DescribeCause(outcome.Cause))}");
                }

                console.MarkupLine(run.CleanupError is null
                    ? $"  The Cleaner ran after the run ended: {Markup.Escape(run.Cleanup ?? "(no output)")}"
                    : $"  [red]The Cleaner failed:[/] {Markup.Escape(run.CleanupError)}");
                return outcome.Status == "ABORTED" ? Cancelled : Failed;
            }

            return await FinishAsync(console, cloud, run.RunId, settings, keyPath, cancellationToken);
        }
    }

    private static async Task<LocalRunResult> RunWithProgressAsync(
        IAnsiConsole console, LocalCloud cloud, string requestJson, string runId, RunProgress progress, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and CI: one line per notable event (each Narrower step says what it measures), and one per finished unit.
            var lastReported = (Step: 0, Units: 0);
            var elapsed = Stopwatch.StartNew();
            var forward = new ForwardingProgress(progress, () =>
            {
                PrintLines(console, progress);
                if (progress.StepUnitsDone > 0 && (progress.Step, progress.StepUnitsDone) != lastReported)
                {
                    lastReported = (progress.Step, progress.StepUnitsDone);
                    console.MarkupLine(Markup.Escape($"{progress.Describe()}, elapsed {elapsed.Elapsed:m\\:ss}"));
                }
            });
            return await cloud.RunExecutionAsync(requestJson, forward, runId, cancellationToken: cancellationToken);
        }

        LocalRunResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Planning", maxValue: 1);
                var forward = new ForwardingProgress(progress, () =>
                {
                    // One bar per step: the samples the step's finished units took out of those it asked for.
                    if (progress.StepSamples > 0)
                    {
                        task.MaxValue = progress.StepSamples;
                        task.Value = Math.Min(progress.StepSamplesTaken, progress.StepSamples);
                    }

                    task.Description = Markup.Escape(progress.Describe());
                    foreach (var line in progress.TakeLines())
                    {
                        console.MarkupLine(Markup.Escape(line));
                    }
                });
                result = await cloud.RunExecutionAsync(requestJson, forward, runId, cancellationToken: cancellationToken);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result!;
    }

    private static async Task<int> FinishAsync(IAnsiConsole console, LocalCloud cloud, string runId, RunSettings settings, string keyPath, CancellationToken cancellationToken)
    {
        var output = settings.Output?.FullName ?? ReportDownloader.DefaultDirectory(runId);
        Directory.CreateDirectory(output);
        using var factory = new AwsClientFactory(
            new AwsEnvironment(cloud.Options.Region, null, new Dictionary<string, Uri> { [AwsEnvironment.S3] = cloud.S3.ServiceUrl }, null),
            new BasicAWSCredentials(S3Engine.AccessKey, S3Engine.SecretKey));
        var store = factory.CreateObjectStore(cloud.Bucket);
        var downloaded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in ReportFiles)
        {
            var bytes = await store.GetAsync($"runs/{runId}/{file}", cancellationToken)
                ?? throw new InvalidOperationException($"runs/{runId}/{file} is missing from the bucket");
            await File.WriteAllBytesAsync(Path.Combine(output, file), bytes, cancellationToken);
            downloaded[file] = bytes;
        }

        var reportBytes = downloaded["report.json"];
        var signature = ReportSignatureFile.Parse(downloaded["report.sig.json"]);
        var publicKey = LocalSigningKey.PublicKeyPathFor(keyPath);
        var verified = await LocalKeyReportVerifier.FromFile(publicKey).VerifyAsync(reportBytes, signature, cancellationToken);

        var report = TuningReport.Parse(reportBytes);
        console.WriteLine();
        RunSummary.Write(console, report);
        console.WriteLine();
        console.MarkupLine($"Report: {Markup.Escape(Path.Combine(output, "report.html"))}");
        foreach (var file in ReportFiles.Where(f => f != "report.html"))
        {
            console.MarkupLine($"        {Markup.Escape(Path.Combine(output, file))}");
        }

        console.MarkupLine(verified
            ? $"Signature verified ({Markup.Escape(signature.KeyId)}); check it again with: dotnet run --project cli/Tuner.Cli -- verify {Markup.Escape(Path.Combine(output, "report.json"))}"
            : "[red]The report's signature does not verify with the local public key.[/]");
        return verified ? Succeeded : Failed;
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

    private static void PrintLines(IAnsiConsole console, RunProgress progress)
    {
        foreach (var line in progress.TakeLines())
        {
            console.MarkupLine(Markup.Escape(line));
        }
    }

    private static string? FindRegistry(FileInfo request)
    {
        foreach (var directory in new[] { request.DirectoryName, Directory.GetCurrentDirectory() })
        {
            if (directory is not null && Path.Combine(directory, "tuner.local.json") is var candidate && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Records each event, then lets the view refresh.</summary>
    private sealed class ForwardingProgress(RunProgress progress, Action refresh) : IProgress<ExecutionEvent>
    {
        public void Report(ExecutionEvent value)
        {
            progress.Report(value);
            refresh();
        }
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
