using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tuner.Cli.Deployed;
using Tuner.Core.Requests;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner start &lt;request.json&gt; [--stack NAME]</c>: starts a tuning run on the deployed stack's state
/// machine, follows it with a progress display, then downloads and verifies the signed report.</summary>
public static class StartCommand
{
    /// <summary>Step Functions limits execution names to 80 characters.</summary>
    private const int MaxJobPrefix = 50;

    /// <summary>Builds the command with the standard AWS credential chain.</summary>
    public static Command Create() => Create(DeployedClients.ConnectAsync, AnsiConsole.Console, TimeProvider.System, TimeSpan.FromSeconds(5));

    /// <summary>Builds the command with the given clients, console, clock and poll interval (tests).</summary>
    public static Command Create(Func<CancellationToken, Task<DeployedClients>> connect, IAnsiConsole console, TimeProvider time, TimeSpan pollInterval)
    {
        var request = new Argument<FileInfo>("request") { Description = "The tuning request (JSON), e.g. infra/jobs/reference-weekly.json." };
        var stack = FetchCommand.StackOption();
        var output = FetchCommand.OutOption();
        var runName = new Option<string?>("--run-id") { Description = "The run id (execution name); default <job>-<UTC time>." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the execution ARN and return without following the run." };
        var command = new Command("start", "Start a tuning run on the deployed AWS stack, follow it, then download and verify its report.");
        command.Arguments.Add(request);
        command.Options.Add(stack);
        command.Options.Add(output);
        command.Options.Add(runName);
        command.Options.Add(noWait);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => DeployedErrors.HandleAsync("start", console, async () =>
        {
            var file = result.GetValue(request)!;
            if (!file.Exists)
            {
                console.MarkupLineInterpolated($"[red]tuner start:[/] request file not found: {file.FullName}");
                return DeployedErrors.InvalidRequest;
            }

            var json = await File.ReadAllBytesAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            var read = TuningRequestReader.Read(json);
            if (!read.IsValid)
            {
                console.MarkupLineInterpolated($"[red]tuner start:[/] {file.Name} is not a valid tuning request:");
                foreach (var problem in read.Problems)
                {
                    console.MarkupLineInterpolated($"  {problem.ToString()}");
                }

                return DeployedErrors.InvalidRequest;
            }

            var clients = await connect(cancellationToken).ConfigureAwait(false);
            var deployment = await TunerDeployment.ReadAsync(clients.CloudFormation, result.GetValue(stack)!, cancellationToken).ConfigureAwait(false);
            var runId = result.GetValue(runName) ?? DefaultRunId(read.Request!.Job, time.GetUtcNow());
            var started = await clients.StepFunctions
                .StartExecutionAsync(deployment.StateMachineArn, System.Text.Encoding.UTF8.GetString(json), runId, cancellationToken)
                .ConfigureAwait(false);
            console.MarkupLineInterpolated($"Started run [bold]{runId}[/] on stack {deployment.StackName} ({clients.Region})");
            console.MarkupLineInterpolated($"  execution: {started.ExecutionArn}");
            console.MarkupLineInterpolated($"  console:   https://{clients.Region}.console.aws.amazon.com/states/home?region={clients.Region}#/v2/executions/details/{started.ExecutionArn}");
            if (result.GetValue(noWait))
            {
                console.MarkupLineInterpolated($"Follow it with: tuner watch {started.ExecutionArn} --stack {deployment.StackName}");
                return 0;
            }

            return await WatchCommand.FollowAndFetchAsync(
                clients, deployment, started.ExecutionArn, result.GetValue(output)?.FullName, console, time, pollInterval, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary><c>&lt;job&gt;-&lt;yyyyMMdd-HHmmssfff&gt;</c> (UTC): unique per millisecond, within the 80-character name limit.</summary>
    public static string DefaultRunId(string job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var prefix = job.Length > MaxJobPrefix ? job[..MaxJobPrefix] : job;
        return prefix + "-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmssfff", CultureInfo.InvariantCulture);
    }
}
