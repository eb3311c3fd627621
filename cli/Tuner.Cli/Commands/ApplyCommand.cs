using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime;
using Spectre.Console;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Apply;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Core.Objectives;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Reports;
using Tuner.Contracts;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner apply &lt;runId|report.json&gt; [--alias NAME] [--dry-run] [--reports DIR] [--public-key PEM | --key-id KMS-KEY | --stack NAME]</c>:
/// applies a report's recommendation once its signature verifies (the same check as <c>tuner verify</c>): refuses
/// unverified reports, reports that recommend keeping the current configuration, and functions that changed since the
/// run (the differences are shown); otherwise sets the recommended memory and variables on <c>$LATEST</c> conditional on
/// its RevisionId, or also publishes a version and points <c>--alias</c> at it. <c>--dry-run</c> shows exactly what would
/// change. The functions are reached like every AWS client: on AWS with the standard credentials; a local run's in the
/// local Lambda service (<c>tuner local serve</c>) through <c>AWS_ENDPOINT_URL_LAMBDA</c>.
/// Exit 0 applied (or dry run), 1 the report does not verify, 2 nothing to apply or bad input, 8 changed since the run.
/// </summary>
public static class ApplyCommand
{
    /// <summary>Builds the command with the process's AWS settings.</summary>
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = $"A run id (looked up in the reports folder) or the path of a {BucketKeys.ReportFile} or its folder." };
        var alias = new Option<string?>("--alias") { Description = "Also publish a version of the new configuration and point this alias at it." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show exactly what would change; change nothing." };
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "The local reports folder (default ./tuner-reports/)." };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = $"Public key PEM of a local signing key (default ~/.tuner/keys/report-signing.pub.pem or ${TunerEnvironment.Home}/keys/…)." };
        var keyId = new Option<string?>("--key-id") { Description = "Verify with this KMS key (id, key ARN or alias), as tuner verify --key-id." };
        var stack = new Option<string?>("--stack") { Description = "Verify with this deployed stack's signing key, as tuner verify --stack (the default for KMS signatures: the stack Tuner)." };
        var command = new Command("apply", "Apply a verified report's recommendation to $LATEST, or to a new version behind an alias (--alias); --dry-run shows the change.");
        command.Arguments.Add(run);
        command.Options.Add(alias);
        command.Options.Add(dryRun);
        command.Options.Add(reports);
        command.Options.Add(publicKey);
        command.Options.Add(keyId);
        command.Options.Add(stack);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var defaultKey = LocalSigningKey.PublicKeyPathFor(LocalSigningKey.DefaultPath(
                Environment.GetEnvironmentVariable(TunerEnvironment.Home), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
            var settings = new ApplySettings(
                result.GetValue(run)!,
                result.GetValue(reports)?.FullName ?? Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory),
                result.GetValue(alias),
                result.GetValue(dryRun),
                result.GetValue(publicKey),
                result.GetValue(keyId),
                defaultKey) { StackName = result.GetValue(stack) };
            return DeployedErrors.HandleAsync("apply", AnsiConsole.Console, () => RunAsync(settings, ConnectLambda, VerifyCommand.AwsKeySources, AnsiConsole.Console, TimeProvider.System, cancellationToken));
        });
        return command;
    }

    /// <summary>What to apply, how, and with which key to verify it.</summary>
    internal sealed record ApplySettings(string RunOrPath, string ReportsDirectory, string? Alias, bool DryRun, FileInfo? PublicKey, string? KeyId, string DefaultPublicKeyPath)
    {
        /// <summary>The stack whose signing key is expected.</summary>
        public string? StackName { get; init; }
    }

    /// <summary>Verifies, checks and applies; <paramref name="lambdaFor"/> gives the Lambda API the report's functions live behind.</summary>
    internal static async Task<int> RunAsync(
        ApplySettings settings, Func<TuningReport, ILambdaApi?> lambdaFor, VerifyCommand.IKeySources keys, IAnsiConsole console, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(lambdaFor);
        ArgumentNullException.ThrowIfNull(console);
        var path = LocalReports.Resolve(settings.RunOrPath, settings.ReportsDirectory);
        if (path is null)
        {
            console.MarkupLineInterpolated($"[red]tuner apply:[/] no {BucketKeys.ReportFile} for '{settings.RunOrPath}' (a file, a folder, or a run in {settings.ReportsDirectory}); nothing was changed.");
            return ExitCodes.InvalidInput;
        }

        // The one verification: tuner verify's own check of these exact bytes.
        using (var verification = new StringWriter())
        {
            var verified = await VerifyCommand.RunAsync(
                new VerifyCommand.VerifyOptions(new FileInfo(path), null, settings.PublicKey, settings.DefaultPublicKeyPath) { KeyId = settings.KeyId, StackName = settings.StackName },
                keys,
                verification,
                verification,
                cancellationToken).ConfigureAwait(false);
            if (verified != VerifyCommand.Verified)
            {
                console.MarkupLineInterpolated($"[red]tuner apply: refusing an unverified report[/]; nothing was changed. {verification.ToString().Trim()}");
                return ExitCodes.Failed;
            }
        }

        TuningReport report;
        try
        {
            report = TuningReport.Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException e)
        {
            console.MarkupLineInterpolated($"[red]tuner apply:[/] {path} is not a Tuner report: {e.Message}");
            return ExitCodes.InvalidInput;
        }

        console.MarkupLineInterpolated($"Report {path}: run {report.Run.RunId} of job {report.Run.Job}, signature verified.");
        foreach (var kept in report.Targets.Where(t => t.Recommendation is not { Action: RecommendationAction.Switch }))
        {
            console.MarkupLineInterpolated($"  {kept.Function}: {(kept.Recommendation is null ? "no recommendation" : "keep the current configuration")}; left as it is.");
        }

        if (!report.Targets.Any(t => t.Recommendation is { Action: RecommendationAction.Switch }))
        {
            console.MarkupLine("[red]tuner apply:[/] nothing to apply: the report recommends keeping every function as it is; nothing was changed.");
            return ExitCodes.InvalidInput;
        }

        if (lambdaFor(report) is not { } lambda)
        {
            console.MarkupLine("[red]tuner apply:[/] run " + Markup.Escape(report.Run.RunId) + " was local: its functions live in the local Lambda service. Start it with "
                + "[bold]tuner local serve --functions tuner.local.json[/] and set AWS_ENDPOINT_URL_LAMBDA to the endpoint it prints; nothing was changed.");
            return ExitCodes.InvalidInput;
        }

        var applier = new RecommendationApplier(lambda, time);
        var changes = await applier.PlanAsync(report, cancellationToken).ConfigureAwait(false);
        foreach (var change in changes)
        {
            console.MarkupLineInterpolated($"[bold]{change.Function}[/] → cell {change.CellId}:");
            foreach (var line in change.Changes.DefaultIfEmpty("already configured as recommended"))
            {
                console.MarkupLineInterpolated($"  {line}");
            }

            if (settings.Alias is { } name)
            {
                console.MarkupLineInterpolated($"  then publish $LATEST as a version and point alias {name} at it");
            }

            foreach (var drift in change.Drift)
            {
                console.MarkupLineInterpolated($"  [red]changed since the run:[/] {drift}");
            }
        }

        if (changes.Any(c => c.Drift.Count > 0))
        {
            console.MarkupLine("[red]tuner apply: refusing[/]: a function changed since the run, so the report no longer describes it; nothing was changed. Run the tuning again.");
            return ExitCodes.Drifted;
        }

        if (settings.DryRun)
        {
            console.MarkupLine("Dry run: nothing was changed.");
            return ExitCodes.Succeeded;
        }

        foreach (var change in changes)
        {
            string? version;
            try
            {
                version = await applier.ApplyAsync(change, report.Run.RunId, settings.Alias, cancellationToken).ConfigureAwait(false);
            }
            catch (LambdaApiException e) when (e.IsChangedSince)
            {
                console.MarkupLineInterpolated($"[red]tuner apply: refusing[/]: {change.Function} changed between the check and the update ({e.Message}); it was not changed.");
                return ExitCodes.Drifted;
            }

            console.MarkupLineInterpolated($"[green]Applied[/] to {change.Function}{(version is null ? " $LATEST" : $": version {version}, alias {settings.Alias}")}.");
        }

        return ExitCodes.Succeeded;
    }

    /// <summary>AWS for AWS runs; for local runs the local Lambda service named by <c>AWS_ENDPOINT_URL_LAMBDA</c>, or null without it.</summary>
    private static ILambdaApi? ConnectLambda(TuningReport report)
    {
        var environment = AwsEnvironment.Read();
        // One factory per CLI process: it owns the HttpClient, which lives as long as the process.
#pragma warning disable CA2000
        if (report.Run.Mode == RunMode.Local)
        {
            return environment.EndpointFor(AwsEnvironment.Lambda) is null
                ? null
                : new AwsClientFactory(environment with { Region = environment.Region ?? report.Run.Region }, new BasicAWSCredentials("local", "local")).CreateLambda();
        }

        return AwsClientFactory.FromEnvironment().CreateLambda();
#pragma warning restore CA2000
    }
}
