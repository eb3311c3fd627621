using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tuner.Cli.Deployed;
using Tuner.Contracts;
using Tuner.Contracts.States;

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
        var downloader = new ReportDownloader(
            clients.ObjectStore(deployment.BucketName),
            clients.Verifier(deployment.SigningKeyId),
            deployment.CleanupSigningKeyId is { } cleanupKey ? clients.Verifier(cleanupKey) : null);
        var download = await downloader.DownloadAsync(runId, directory ?? ReportDownloader.DefaultDirectory(runId), cancellationToken).ConfigureAwait(false);
        foreach (var file in download.Files)
        {
            console.MarkupLineInterpolated($"  {file}");
        }

        var cleanupTrusted = PrintCleanup(download, deployment, console);
        if (!download.SignatureValid)
        {
            console.MarkupLineInterpolated($"[red]tuner: run {runId}'s {BucketKeys.ReportFile} does NOT verify with stack {deployment.StackName}'s signing key {deployment.SigningKeyId}: {download.Verdict.Problem}[/] — do not trust this report.");
            return DeployedErrors.RunFailed;
        }

        console.MarkupLineInterpolated($"[green]Signature verified[/] (ECDSA_SHA_256): {download.Verdict.Proves}.");
        return cleanupTrusted ? 0 : DeployedErrors.RunFailed;
    }

    /// <summary>
    /// Prints what the run's cleanup.json says and whether its signature (cleanup.sig.json, by the stack's Cleaner key)
    /// verifies: the Cleaner runs after the report is signed, so a kept owner's change or a version left is told here,
    /// each kept change as "owner's later change kept: …". False when the record must not be trusted: its signature
    /// fails, or it is unsigned although the stack's Cleaner signs every record (a stack without the
    /// <c>CleanupSigningKeyId</c> output predates that: its unsigned record is shown with a warning).
    /// </summary>
    private static bool PrintCleanup(ReportDownload download, TunerDeployment deployment, IAnsiConsole console)
    {
        var path = download.Files.FirstOrDefault(f => Path.GetFileName(f) == BucketKeys.CleanupFile);
        if (path is null)
        {
            return true;
        }

        var trusted = true;
        switch (download.Cleanup)
        {
            case CleanupRecordState.Checked when download.CleanupVerdict is { Valid: true } verdict:
                console.MarkupLineInterpolated($"[green]Cleanup record verified[/] ({BucketKeys.CleanupSignatureFile}, ECDSA_SHA_256): signed by the Cleaner's key {verdict.KeyId}, bound to run '{verdict.RunId}'.");
                break;
            case CleanupRecordState.Checked:
                console.MarkupLineInterpolated($"[red]tuner: run {download.RunId}'s {BucketKeys.CleanupFile} does NOT verify with stack {deployment.StackName}'s cleanup signing key {deployment.CleanupSigningKeyId}: {download.CleanupVerdict?.Problem}[/] — do not trust what it says.");
                trusted = false;
                break;
            case CleanupRecordState.NotSigned when deployment.CleanupSigningKeyId is not null:
                console.MarkupLineInterpolated($"[red]tuner: run {download.RunId}'s {BucketKeys.CleanupFile} has no {BucketKeys.CleanupSignatureFile}, though stack {deployment.StackName}'s Cleaner signs every record[/] — do not trust what it says.");
                trusted = false;
                break;
            case CleanupRecordState.NotSigned:
                console.MarkupLine($"[yellow]Cleanup ({BucketKeys.CleanupFile}, written by the Cleaner after the report; not signed: the stack predates signed cleanup records):[/]");
                break;
            default:
                console.MarkupLineInterpolated($"[yellow]Cleanup ({BucketKeys.CleanupFile} is signed, but stack {deployment.StackName} has no CleanupSigningKeyId output to check it with):[/]");
                break;
        }

        try
        {
            var cleanup = JsonSerializer.Deserialize(File.ReadAllBytes(path), StateOutputJson.Default.CleanerOutput);
            foreach (var target in cleanup?.Targets ?? throw new JsonException($"{BucketKeys.CleanupFile} has no targets"))
            {
                var reason = target.Reason is { } why ? $" — {why}" : string.Empty;
                var left = target.LeftVersions is { Count: > 0 } versions ? $", {versions.Count} version(s) left" : string.Empty;
                var outcome = JsonSerializer.SerializeToElement(target.Outcome, StateOutputJson.Default.CleanupOutcome).GetString();
                console.MarkupLineInterpolated($"  {target.Function}: {outcome}{reason}{left}");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            console.MarkupLineInterpolated($"[yellow]{BucketKeys.CleanupFile} could not be read: {e.Message}[/]");
        }

        foreach (var kept in download.CleanupVerdict is { Valid: true } valid ? valid.KeptChanges : [])
        {
            console.MarkupLineInterpolated($"[bold]owner's later change kept[/]: {kept.ToString()}");
        }

        return trusted;
    }
}
