using System.CommandLine;
using Spectre.Console;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Cli.Run;
using Tuner.Core.Requests;
using Tuner.Reports;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner run &lt;request.json&gt; [--functions tuner.local.json] [--out DIR]</c>: runs a tuning on this machine —
/// the real state machine on aws-local-stepfunctions, Tuner's functions and the targets in the local Lambda service,
/// dynalite and s3rver — with live progress, then prints the recommendation and copies the signed report to
/// <c>--out</c> (default <c>./tuner-reports/&lt;runId&gt;/</c>). The request is checked first (<see cref="RunPreCheck"/>);
/// the run itself is <see cref="LocalRun"/>'s.
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

        return await LocalRun.RunAsync(settings, check, paths, console, jsonOutput, cancellationToken);
    }

    private static int Refused(RunSettings settings, IAnsiConsole console, TextWriter jsonOutput, IReadOnlyList<ValidationProblem> problems, string what)
    {
        if (settings.Json)
        {
            CliJson.Write(jsonOutput, new RunJson(RunJson.SchemaId, settings.Request.FullName, null, RunJson.Refused, false, null, null, ProblemJson.From(problems), null), CliJson.Default.RunJson);
        }

        PlanView.WriteInvalid(console, "run", settings.Request.Name, problems, what);
        return InvalidInput;
    }
}
