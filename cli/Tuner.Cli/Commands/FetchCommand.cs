using System.CommandLine;
using Spectre.Console;
using Tuner.Cli.Deployed;

namespace Tuner.Cli.Commands;

/// <summary><c>tuner fetch &lt;runId&gt; [--stack NAME] [--out DIR]</c>: downloads a finished AWS run's report from the
/// stack's bucket and verifies its signature with the stack's KMS key (its <c>SigningKeyId</c> output) and no other: a report
/// signed by another key, or copied from another run, exits non-zero.</summary>
public static class FetchCommand
{
    /// <summary>Builds the command with the standard AWS credential chain.</summary>
    public static Command Create() => Create(DeployedClients.ConnectAsync, AnsiConsole.Console);

    /// <summary>Builds the command with the given clients and console (tests).</summary>
    public static Command Create(Func<CancellationToken, Task<DeployedClients>> connect, IAnsiConsole console)
    {
        var runId = new Argument<string>("runId") { Description = "The run id (the Step Functions execution name)." };
        var stack = StackOption();
        var output = OutOption();
        var command = new Command("fetch", "Download a run's report from the deployed stack's bucket and verify its signature.");
        command.Arguments.Add(runId);
        command.Options.Add(stack);
        command.Options.Add(output);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) => DeployedErrors.HandleAsync("fetch", console, async () =>
        {
            var clients = await connect(cancellationToken).ConfigureAwait(false);
            var deployment = await TunerDeployment.ReadAsync(clients.CloudFormation, result.GetValue(stack)!, cancellationToken).ConfigureAwait(false);
            var id = result.GetValue(runId)!;
            return await DownloadAsync(clients, deployment, id, result.GetValue(output)?.FullName, console, cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary><c>--stack</c>, shared by start, watch and fetch.</summary>
    internal static Option<string> StackOption() => new("--stack")
    {
        Description = "The deployed Tuner CloudFormation stack.",
        DefaultValueFactory = _ => TunerDeployment.DefaultName,
    };

    /// <summary><c>--out</c>, shared by start, watch and fetch.</summary>
    internal static Option<DirectoryInfo?> OutOption() => new("--out")
    {
        Description = "Where to write the report files (default ./tuner-reports/<runId>/).",
    };

    /// <summary>Downloads and verifies a run's report; exit 0 when the signature verifies with the stack's key and binds the
    /// report to <paramref name="runId"/>, 1 otherwise.</summary>
    internal static async Task<int> DownloadAsync(
        DeployedClients clients, TunerDeployment deployment, string runId, string? directory, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var downloader = new ReportDownloader(clients.ObjectStore(deployment.BucketName), clients.Verifier(deployment.SigningKeyId));
        var download = await downloader.DownloadAsync(runId, directory ?? ReportDownloader.DefaultDirectory(runId), cancellationToken).ConfigureAwait(false);
        foreach (var file in download.Files)
        {
            console.MarkupLineInterpolated($"  {file}");
        }

        PrintCleanup(download, console);
        if (!download.SignatureValid)
        {
            console.MarkupLineInterpolated($"[red]tuner: run {runId}'s report.json does NOT verify with stack {deployment.StackName}'s signing key {deployment.SigningKeyId}: {download.Verdict.Problem}[/] — do not trust this report.");
            return DeployedErrors.RunFailed;
        }

        console.MarkupLineInterpolated($"[green]Signature verified[/] (ECDSA_SHA_256): {download.Verdict.Proves}.");
        return 0;
    }

    /// <summary>
    /// Prints each target's line of the run's cleanup.json (the Cleaner runs after the report is signed, so a kept
    /// owner's change or a version left is told here, not in the report).
    /// </summary>
    private static void PrintCleanup(ReportDownload download, IAnsiConsole console)
    {
        var path = download.Files.FirstOrDefault(f => Path.GetFileName(f) == ReportDownloader.CleanupFile);
        if (path is null)
        {
            return;
        }

        try
        {
            using var cleanup = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            console.MarkupLine("Cleanup (cleanup.json, written by the Cleaner after the report; not signed):");
            foreach (var target in cleanup.RootElement.GetProperty("targets").EnumerateArray())
            {
                var reason = target.TryGetProperty("reason", out var why) ? $" — {why.GetString()}" : string.Empty;
                var left = target.TryGetProperty("leftVersions", out var versions) && versions.GetArrayLength() > 0 ? $", {versions.GetArrayLength()} version(s) left" : string.Empty;
                console.MarkupLineInterpolated($"  {target.GetProperty("function").GetString()}: {target.GetProperty("outcome").GetString()}{reason}{left}");
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            console.MarkupLineInterpolated($"[yellow]cleanup.json could not be read: {e.Message}[/]");
        }
    }
}
