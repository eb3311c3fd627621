using System.CommandLine;
using Spectre.Console;
using Tuner.Cli.Deployed;
using Tuner.Contracts;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner watch &lt;executionArn&gt; [--stack NAME] [--out DIR]</c>: follows a run on AWS (started by
/// <c>tuner start</c>, the console, the AWS CLI or the weekly schedule), then downloads and verifies its report.</summary>
public static class WatchCommand
{
    /// <summary>Builds the command with the standard AWS credential chain.</summary>
    public static Command Create() => Create(DeployedClients.ConnectAsync, AnsiConsole.Console, TimeProvider.System, TimeSpan.FromSeconds(5));

    /// <summary>Builds the command with the given clients, console, clock and poll interval (tests).</summary>
    public static Command Create(Func<CancellationToken, Task<DeployedClients>> connect, IAnsiConsole console, TimeProvider time, TimeSpan pollInterval)
    {
        var executionArn = new Argument<string>("executionArn") { Description = "The Step Functions execution to follow." };
        var stack = FetchCommand.StackOption();
        var output = FetchCommand.OutOption();
        var command = new Command("watch", "Follow a tuning run on AWS, then download and verify its report.");
        command.Arguments.Add(executionArn);
        command.Options.Add(stack);
        command.Options.Add(output);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => DeployedErrors.HandleAsync("watch", console, async () =>
        {
            var clients = await connect(cancellationToken).ConfigureAwait(false);
            var deployment = await TunerDeployment.ReadAsync(clients.CloudFormation, result.GetValue(stack)!, cancellationToken).ConfigureAwait(false);
            return await FollowAndFetchAsync(clients, deployment, result.GetValue(executionArn)!, result.GetValue(output)?.FullName, console, time, pollInterval, cancellationToken)
                .ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Follows the execution; on success downloads and verifies the report, otherwise prints the error.</summary>
    internal static async Task<int> FollowAndFetchAsync(
        DeployedClients clients,
        TunerDeployment deployment,
        string executionArn,
        string? directory,
        IAnsiConsole console,
        TimeProvider time,
        TimeSpan pollInterval,
        CancellationToken cancellationToken)
    {
        var follower = new ExecutionFollower(clients.StepFunctions, console, time, pollInterval);
        var execution = await follower.FollowAsync(executionArn, cancellationToken).ConfigureAwait(false);
        if (execution.Status != ExecutionStatus.Succeeded)
        {
            console.MarkupLineInterpolated($"[red]Run {execution.Name ?? executionArn} {execution.Status.ToApiName()}[/]: {execution.Error ?? "no error"} {execution.Cause ?? string.Empty}");
            return DeployedErrors.RunFailed;
        }

        var runId = execution.Name ?? RunIdOf(executionArn);
        console.MarkupLineInterpolated($"Run [bold]{runId}[/] succeeded; report in s3://{deployment.BucketName}/{BucketKeys.Run(runId)}");
        return await FetchCommand.DownloadAsync(clients, deployment, runId, directory, console, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The execution name — Tuner's run id — is the last segment of an execution ARN.</summary>
    public static string RunIdOf(string executionArn) => executionArn[(executionArn.LastIndexOf(':') + 1)..];
}
