using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Cleanup;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Contracts;
using Tuner.Contracts.States;

namespace Tuner.Cli.Commands;

/// <summary>The check of the Cleaner's record beside a verified report (<see cref="BucketKeys.CleanupFile"/>).</summary>
public static partial class VerifyCommand
{
    /// <summary>
    /// The report was signed before the Cleaner ran, so a cleanup.json beside it (a kept owner's change, a version left)
    /// is checked too, with the Cleaner's key (the stack's <c>CleanupSigningKeyId</c>; locally the same local key):
    /// a record that does not verify, or an unsigned one where the Cleaner signs every record, makes the report's
    /// check fail. With <c>--key-id</c> (the report's KMS key, not the Cleaner's) it is only told how to check it.
    /// </summary>
    private static async Task<int> VerifyCleanupBesideAsync(
        VerifyOptions options, string reportPath, string runId, ReportSignature reportSignature, IKeySources keys, TextWriter output, TextWriter error,
        Action<Tuner.Reports.CleanupAddendum?>? cleanupChecked, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(reportPath) ?? ".";
        var recordPath = Path.Combine(directory, BucketKeys.CleanupFile);
        string? noKey = null;
        Tuner.Reports.CleanupAddendum? cleanup;
        try
        {
            cleanup = await ReadCleanupAsync();
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or InvalidOperationException)
        {
            await error.WriteLineAsync($"tuner verify: could not check {recordPath}, the Cleaner's record beside the report: {e.Message}");
            return CannotVerify;
        }

        Task<Tuner.Reports.CleanupAddendum?> ReadCleanupAsync() => CleanupBeside.ReadAsync(directory, runId, async (signature, token) =>
        {
            if (options.KeyId is not null && !signature.KeyId.StartsWith(LocalSigningKey.KeyIdPrefix, StringComparison.Ordinal))
            {
                noKey = $"--key-id is the report's key, not the Cleaner's: check it with tuner verify {recordPath} --stack NAME or --key-id <the stack's CleanupSigningKeyId>";
                return null;
            }

            try
            {
                return await ChooseVerifierAsync(options, signature, keys, token);
            }
            catch (Exception e) when (e is IOException or FormatException or AwsConfigurationException or UnauthorizedAccessException or DeployedException or Tuner.Aws.CloudFormation.StackNotFoundException)
            {
                noKey = e.Message;
                return null;
            }
        }, cancellationToken);

        cleanupChecked?.Invoke(cleanup);
        if (cleanup is null)
        {
            return Verified;
        }

        switch (CleanupJson.StateOf(cleanup))
        {
            case CleanupJson.DoesNotVerify:
                await error.WriteLineAsync($"MISMATCH: {recordPath}, the Cleaner's record beside the report, does not verify: {cleanup.Problem} — do not trust what it says");
                return Mismatch;
            case CleanupJson.Unsigned when await CleanerSignsAsync(options, reportSignature, keys, cancellationToken) is { } signer:
                await error.WriteLineAsync($"MISMATCH: {recordPath}, the Cleaner's record beside the report, has no {BucketKeys.CleanupSignatureFile}, though {signer} — do not trust what it says");
                return Mismatch;
            case CleanupJson.Unsigned:
                await output.WriteLineAsync($"warning: {recordPath}, the Cleaner's record beside the report, is not signed (a stack from before the Cleaner signed its record)");
                break;
            case CleanupJson.Verified:
                await output.WriteLineAsync($"OK: {recordPath} is the Cleaner's record of run '{runId}', signed by the expected key {cleanup.Signature!.KeyId} ({cleanup.CheckedWith})");
                break;
            default:
                await output.WriteLineAsync($"not checked: {recordPath}, the Cleaner's record beside the report, is signed by key {cleanup.Signature!.KeyId}: {noKey ?? cleanup.CheckedWith}");
                break;
        }

        var prefix = cleanup.Verified == true ? string.Empty : "(not verified) ";
        foreach (var target in cleanup.Record!.Targets.Where(t => t.Outcome == CleanupOutcome.KeptOwnersChange))
        {
            await output.WriteLineAsync($"{prefix}owner's later change kept: {KeptChange.Line(target.Function, target.Reason, target.Change)}");
        }

        return Verified;
    }

    /// <summary>Who signs every cleanup record for this report (the local Cleaner; a stack with a cleanup key), or null when that cannot be told.</summary>
    private static async Task<string?> CleanerSignsAsync(VerifyOptions options, ReportSignature reportSignature, IKeySources keys, CancellationToken cancellationToken)
    {
        if (reportSignature.KeyId.StartsWith(LocalSigningKey.KeyIdPrefix, StringComparison.Ordinal))
        {
            return "the local Cleaner signs every record";
        }

        if (options.KeyId is not null)
        {
            return null;
        }

        var stackName = options.StackName ?? TunerDeployment.DefaultName;
        try
        {
            await keys.StackCleanupSigningKeyIdAsync(stackName, cancellationToken);
            return $"stack {stackName}'s Cleaner signs every record";
        }
        catch (Exception e) when (e is DeployedException or Tuner.Aws.CloudFormation.StackNotFoundException or AwsConfigurationException or IOException)
        {
            return null;
        }
    }
}
