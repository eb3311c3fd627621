using System.CommandLine;
using System.Security.Cryptography;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Core.Ports;
using Tuner.Contracts;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner verify &lt;report.json&gt; [--sig report.sig.json] [--public-key PEM | --key-id KMS-KEY | --stack NAME]
/// [--run-id ID] [--job NAME]</c>: checks that report.json's bytes match the digest and signature of its
/// <c>report.sig.json</c>, made by the key the caller expects — never by whichever key the signature names. The expected
/// key is <c>--public-key</c>, <c>--key-id</c>, or the <c>SigningKeyId</c> output of <c>--stack</c>; with none of them, the
/// user's local key for a <c>local:</c> signature and the default stack's key otherwise. Exit 0 when it verifies, 1 on
/// any mismatch (bytes, key, signature, run id, job), 2 when the check cannot run (missing file, unreadable signature,
/// no key). <c>--json</c> writes the outcome as one JSON document. Given the Cleaner's <c>cleanup.json</c> (its
/// <c>cleanup.sig.json</c> beside it), it checks that record the same way — with the stack's <c>CleanupSigningKeyId</c>
/// for KMS signatures — and prints each owner's change the Cleaner kept. A verified report's check goes on to the
/// cleanup.json beside it, if any: the report was signed before the Cleaner ran, so a record beside it that does not
/// verify fails the check too (exit 1), and one that does prints its kept changes (<c>--json</c>: <c>cleanup</c>).
/// </summary>
public static partial class VerifyCommand
{
    /// <summary>Exit code when the report verifies.</summary>
    public const int Verified = 0;

    /// <summary>Exit code when the digest, key, signature, run id or job does not match.</summary>
    public const int Mismatch = 1;

    /// <summary>Exit code when verification could not run.</summary>
    public const int CannotVerify = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var report = new Argument<FileInfo>("report") { Description = $"The {BucketKeys.ReportFile} to check (its exact bytes are what was signed)." };
        var signature = new Option<FileInfo?>("--sig") { Description = $"The signature file (default: {BucketKeys.SignatureFile} beside the report)." };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = $"The expected local signing key's public key PEM (report-signing.pub.pem; default ~/.tuner/keys/ or ${TunerEnvironment.Home}/keys/ for local: signatures)." };
        var keyId = new Option<string?>("--key-id") { Description = "The expected KMS key (id, key ARN or alias; needs kms:GetPublicKey on it)." };
        var stack = new Option<string?>("--stack") { Description = $"Expect the signing key of this deployed Tuner stack (its SigningKeyId output; default {TunerDeployment.DefaultName} for KMS signatures)." };
        var runId = new Option<string?>("--run-id") { Description = "The run the report must be of (a report copied under another run id fails)." };
        var job = new Option<string?>("--job") { Description = "The job the report must be of." };
        var json = Output.JsonOption.Create();
        var command = new Command("verify", "Check a report's signature against the expected key; exits non-zero on any mismatch.");
        command.Arguments.Add(report);
        command.Options.Add(signature);
        command.Options.Add(publicKey);
        command.Options.Add(keyId);
        command.Options.Add(stack);
        command.Options.Add(runId);
        command.Options.Add(job);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var defaultKeyPath = LocalSigningKey.PublicKeyPathFor(LocalSigningKey.DefaultPath(
                Environment.GetEnvironmentVariable(TunerEnvironment.Home),
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
            var options = new VerifyOptions(result.GetValue(report)!, result.GetValue(signature), result.GetValue(publicKey), defaultKeyPath)
            {
                KeyId = result.GetValue(keyId),
                StackName = result.GetValue(stack),
                RunId = result.GetValue(runId),
                Job = result.GetValue(job),
            };
            return result.GetValue(json)
                ? RunJsonAsync(options, AwsKeySources, Console.Out, cancellationToken)
                : RunAsync(options, AwsKeySources, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>What to verify and with which expected key.</summary>
    /// <param name="Report">report.json.</param>
    /// <param name="Signature">report.sig.json (default: beside the report).</param>
    /// <param name="PublicKey">The expected key's public key PEM.</param>
    /// <param name="DefaultPublicKeyPath">The user's local public key, expected for <c>local:</c> signatures when no key is given.</param>
    public sealed record VerifyOptions(FileInfo Report, FileInfo? Signature, FileInfo? PublicKey, string DefaultPublicKeyPath)
    {
        /// <summary>The expected KMS key.</summary>
        public string? KeyId { get; init; }

        /// <summary>The stack whose signing key is expected.</summary>
        public string? StackName { get; init; }

        /// <summary>The run the report must be of.</summary>
        public string? RunId { get; init; }

        /// <summary>The job the report must be of.</summary>
        public string? Job { get; init; }
    }

    /// <summary>KMS keys and stack outputs from the standard AWS configuration (credentials, region), built on first use.</summary>
    public static IKeySources AwsKeySources => AwsKeys.Instance;

    /// <summary>Where KMS keys come from: a verifier pinned to a key, and a stack's <c>SigningKeyId</c> output.</summary>
    public interface IKeySources
    {
        /// <summary>A verifier that accepts only <paramref name="expectedKeyId"/>.</summary>
        IReportVerifier KmsVerifier(string expectedKeyId);

        /// <summary>The <c>SigningKeyId</c> output of the stack.</summary>
        Task<string> StackSigningKeyIdAsync(string stackName, CancellationToken cancellationToken);

        /// <summary>The <c>CleanupSigningKeyId</c> output of the stack (the key the Cleaner signs cleanup.json with).</summary>
        Task<string> StackCleanupSigningKeyIdAsync(string stackName, CancellationToken cancellationToken) =>
            throw new DeployedException($"stack {stackName}'s cleanup signing key is not known here");
    }

    /// <summary>Runs the check.</summary>
    public static Task<int> RunAsync(VerifyOptions options, IKeySources keys, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(options, keys, output, error, cleanupChecked: null, cancellationToken);

    /// <summary>Runs the check; <paramref name="cleanupChecked"/> is given the cleanup.json beside a verified report, as checked (null: none beside it).</summary>
    private static async Task<int> RunAsync(
        VerifyOptions options, IKeySources keys, TextWriter output, TextWriter error, Action<Tuner.Reports.CleanupAddendum?>? cleanupChecked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var reportPath = options.Report.FullName;
        var signaturePath = options.Signature?.FullName
            ?? Path.Combine(Path.GetDirectoryName(reportPath) ?? ".", Path.GetFileNameWithoutExtension(reportPath) + ".sig.json");
        if (!File.Exists(reportPath))
        {
            await error.WriteLineAsync($"tuner verify: {reportPath} does not exist");
            return CannotVerify;
        }

        if (!File.Exists(signaturePath))
        {
            await error.WriteLineAsync($"tuner verify: signature file {signaturePath} does not exist (pass --sig)");
            return CannotVerify;
        }

        if (new[] { options.PublicKey is not null, options.KeyId is not null, options.StackName is not null }.Count(given => given) > 1)
        {
            await error.WriteLineAsync("tuner verify: pass one expected key: --public-key, --key-id or --stack");
            return CannotVerify;
        }

        ReportSignature signature;
        try
        {
            signature = await ReportSignatureFile.ReadAsync(signaturePath, cancellationToken);
        }
        catch (FormatException e)
        {
            await error.WriteLineAsync($"tuner verify: {signaturePath}: {e.Message}");
            return CannotVerify;
        }

        var bytes = await File.ReadAllBytesAsync(reportPath, cancellationToken);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(digest, signature.DigestSha256, StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"MISMATCH: {reportPath} has SHA-256 {digest}, but the signature was made over {signature.DigestSha256}: the report was changed after signing");
            return Mismatch;
        }

        ReportVerdict verdict;
        CleanupVerdict? cleanup = null;
        string keyDescription;
        try
        {
            IReportVerifier verifier;
            (verifier, keyDescription) = await ChooseVerifierAsync(options, signature, keys, cancellationToken);
            if (signature.Record == ReportSignature.CleanupRecord)
            {
                cleanup = await SignedCleanupCheck.CheckAsync(verifier, bytes, signature, options.RunId, cancellationToken);
                verdict = cleanup.Valid ? new ReportVerdict(true, null, cleanup.RunId, signature.Job ?? string.Empty, true, signature.KeyId) : ReportVerdict.Fails(signature, cleanup.Problem!);
            }
            else
            {
                verdict = await SignedReportCheck.CheckAsync(verifier, bytes, signature, options.RunId, options.Job, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or FormatException or AwsConfigurationException or UnauthorizedAccessException or DeployedException or Tuner.Aws.CloudFormation.StackNotFoundException)
        {
            await error.WriteLineAsync($"tuner verify: {e.Message}");
            return CannotVerify;
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or InvalidOperationException)
        {
            await error.WriteLineAsync($"tuner verify: could not get the public key of the expected key: {e.Message}");
            return CannotVerify;
        }

        if (!verdict.Valid)
        {
            await error.WriteLineAsync($"MISMATCH: {reportPath} does not verify with {keyDescription}: {verdict.Problem}");
            return Mismatch;
        }

        if (cleanup is not null)
        {
            await output.WriteLineAsync($"OK: {reportPath} is the Cleaner's record of run '{cleanup.RunId}', signed by the expected key {signature.KeyId} ({signature.Algorithm}, SHA-256 {digest}, signed {signature.SignedAt:u}; expected key: {keyDescription})");
            foreach (var kept in cleanup.KeptChanges)
            {
                await output.WriteLineAsync($"owner's later change kept: {kept}");
            }

            return Verified;
        }

        await output.WriteLineAsync($"OK: {reportPath} is {verdict.Proves} ({signature.Algorithm}, SHA-256 {digest}, signed {signature.SignedAt:u}; expected key: {keyDescription})");
        return await VerifyCleanupBesideAsync(options, reportPath, verdict.RunId, signature, keys, output, error, cleanupChecked, cancellationToken);
    }

    /// <summary>Runs the same check and writes its outcome as one JSON document (docs/schemas/verify.schema.json); same exit code.</summary>
    public static async Task<int> RunJsonAsync(VerifyOptions options, IKeySources keys, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var text = new StringWriter();
        Tuner.Reports.CleanupAddendum? cleanup = null;
        var exit = await RunAsync(options, keys, text, text, checkedRecord => cleanup = checkedRecord, cancellationToken);
        var reportPath = options.Report.FullName;
        var signaturePath = options.Signature?.FullName
            ?? Path.Combine(Path.GetDirectoryName(reportPath) ?? ".", Path.GetFileNameWithoutExtension(reportPath) + ".sig.json");
        ReportSignature? signature = null;
        try
        {
            signature = File.Exists(signaturePath) ? await ReportSignatureFile.ReadAsync(signaturePath, cancellationToken) : null;
        }
        catch (FormatException)
        {
            // Unreadable: the message says so; the signature's fields stay null.
        }

        var outcome = exit switch { Verified => "verified", Mismatch => "mismatch", _ => "cannotVerify" };
        Output.CliJson.Write(
            output,
            new Output.VerifyJson(Output.VerifyJson.SchemaId, reportPath, signaturePath, outcome, exit == Verified, signature?.KeyId, signature?.Algorithm, signature?.DigestSha256, signature?.SignedAt, text.ToString().Trim()) { Cleanup = CleanupJson.From(cleanup) },
            Output.CliJson.Default.VerifyJson);
        return exit;
    }

    private static async Task<(IReportVerifier Verifier, string Description)> ChooseVerifierAsync(
        VerifyOptions options, ReportSignature signature, IKeySources keys, CancellationToken cancellationToken)
    {
        if (options.KeyId is { } keyId)
        {
            return (keys.KmsVerifier(keyId), "the KMS key " + keyId);
        }

        if (options.StackName is not null || (options.PublicKey is null && !signature.KeyId.StartsWith(LocalSigningKey.KeyIdPrefix, StringComparison.Ordinal)))
        {
            var stackName = options.StackName ?? TunerDeployment.DefaultName;
            if (signature.Record == ReportSignature.CleanupRecord)
            {
                var cleanupKey = await keys.StackCleanupSigningKeyIdAsync(stackName, cancellationToken);
                return (keys.KmsVerifier(cleanupKey), $"stack {stackName}'s cleanup signing key {cleanupKey}");
            }

            var stackKey = await keys.StackSigningKeyIdAsync(stackName, cancellationToken);
            return (keys.KmsVerifier(stackKey), $"stack {stackName}'s signing key {stackKey}");
        }

        var keyPath = options.PublicKey?.FullName ?? options.DefaultPublicKeyPath;
        if (!File.Exists(keyPath))
        {
            throw new IOException($"public key {keyPath} does not exist: pass --public-key PEM (the signer's report-signing.pub.pem), --key-id or --stack");
        }

        return (LocalKeyReportVerifier.FromFile(keyPath), "the public key " + keyPath);
    }

    /// <summary>The standard AWS configuration (credentials, region) for KMS and CloudFormation, built on first use.</summary>
    private sealed class AwsKeys : IKeySources
    {
        public static readonly AwsKeys Instance = new();
        // The factory lives as long as the process: verify runs once and exits.
        private readonly Lazy<AwsClientFactory> _factory = new(() => AwsClientFactory.FromEnvironment());

        public IReportVerifier KmsVerifier(string expectedKeyId) => _factory.Value.CreateKmsVerifier(expectedKeyId);

        public async Task<string> StackSigningKeyIdAsync(string stackName, CancellationToken cancellationToken) =>
            (await TunerDeployment.ReadAsync(_factory.Value.CreateCloudFormation(), stackName, cancellationToken).ConfigureAwait(false)).SigningKeyId;

        public async Task<string> StackCleanupSigningKeyIdAsync(string stackName, CancellationToken cancellationToken) =>
            (await TunerDeployment.ReadAsync(_factory.Value.CreateCloudFormation(), stackName, cancellationToken).ConfigureAwait(false)).CleanupSigningKeyId
            ?? throw new DeployedException($"Stack '{stackName}' has no output 'CleanupSigningKeyId': it was deployed before the Cleaner signed its record; redeploy it");
    }
}
