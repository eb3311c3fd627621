using System.CommandLine;
using System.Security.Cryptography;
using Tuner.Aws.Configuration;
using Tuner.Aws.Signing;
using Tuner.Core.Ports;

namespace Tuner.Cli.Commands;

/// <summary>
/// <c>tuner verify &lt;report.json&gt; [--sig report.sig.json] [--public-key PEM | --kms]</c>: checks that report.json's
/// bytes match the digest and signature of its <c>report.sig.json</c>. Exit 0 when they do, 1 on any mismatch, 2 when the
/// check cannot run (missing file, unreadable signature, no key).
/// </summary>
public static class VerifyCommand
{
    /// <summary>Exit code when the report verifies.</summary>
    public const int Verified = 0;

    /// <summary>Exit code when the digest, key or signature does not match.</summary>
    public const int Mismatch = 1;

    /// <summary>Exit code when verification could not run.</summary>
    public const int CannotVerify = 2;

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var report = new Argument<FileInfo>("report") { Description = "The report.json to check (its exact bytes are what was signed)." };
        var signature = new Option<FileInfo?>("--sig") { Description = "The signature file (default: report.sig.json beside the report)." };
        var publicKey = new Option<FileInfo?>("--public-key") { Description = "Public key PEM of a local signing key (default: ~/.tuner/keys/report-signing.pub.pem or $TUNER_HOME/keys/…)." };
        var kms = new Option<bool>("--kms") { Description = "Verify with the KMS key named in the signature (needs only kms:GetPublicKey; standard AWS credentials and region)." };
        var json = Output.JsonOption.Create();
        var command = new Command("verify", "Check a report's signature; exits non-zero on any mismatch.");
        command.Arguments.Add(report);
        command.Options.Add(signature);
        command.Options.Add(publicKey);
        command.Options.Add(kms);
        command.Options.Add(json);
        command.SetAction((ParseResult result, CancellationToken cancellationToken) =>
        {
            var defaultKeyPath = LocalSigningKey.PublicKeyPathFor(LocalSigningKey.DefaultPath(
                Environment.GetEnvironmentVariable("TUNER_HOME"),
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
            var options = new VerifyOptions(result.GetValue(report)!, result.GetValue(signature), result.GetValue(publicKey), result.GetValue(kms), defaultKeyPath);
            return result.GetValue(json)
                ? RunJsonAsync(options, CreateKmsVerifier, Console.Out, cancellationToken)
                : RunAsync(options, CreateKmsVerifier, Console.Out, Console.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>What to verify and with which key.</summary>
    public sealed record VerifyOptions(FileInfo Report, FileInfo? Signature, FileInfo? PublicKey, bool Kms, string DefaultPublicKeyPath);

    /// <summary>Runs the check; <paramref name="kmsVerifier"/> builds the KMS verifier only when a KMS key is used.</summary>
    public static async Task<int> RunAsync(VerifyOptions options, Func<IReportVerifier> kmsVerifier, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kmsVerifier);
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

        IReportVerifier verifier;
        string keyDescription;
        try
        {
            (verifier, keyDescription) = ChooseVerifier(options, signature, kmsVerifier);
        }
        catch (Exception e) when (e is IOException or FormatException or AwsConfigurationException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"tuner verify: {e.Message}");
            return CannotVerify;
        }

        bool valid;
        try
        {
            valid = await verifier.VerifyAsync(bytes, signature, cancellationToken);
        }
        catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or InvalidOperationException)
        {
            await error.WriteLineAsync($"tuner verify: could not get the public key of {signature.KeyId}: {e.Message}");
            return CannotVerify;
        }

        if (!valid)
        {
            await error.WriteLineAsync($"MISMATCH: the signature in {signaturePath} is not a valid {signature.Algorithm} signature of {reportPath} by {keyDescription} (key id {signature.KeyId})");
            return Mismatch;
        }

        await output.WriteLineAsync($"OK: {reportPath} is signed by {signature.KeyId} ({signature.Algorithm}, SHA-256 {digest}, signed {signature.SignedAt:u})");
        return Verified;
    }

    /// <summary>Runs the same check and writes its outcome as one JSON document (docs/schemas/verify.schema.json); same exit code.</summary>
    public static async Task<int> RunJsonAsync(VerifyOptions options, Func<IReportVerifier> kmsVerifier, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        using var text = new StringWriter();
        var exit = await RunAsync(options, kmsVerifier, text, text, cancellationToken);
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
            new Output.VerifyJson(Output.VerifyJson.SchemaId, reportPath, signaturePath, outcome, exit == Verified, signature?.KeyId, signature?.Algorithm, signature?.DigestSha256, signature?.SignedAt, text.ToString().Trim()),
            Output.CliJson.Default.VerifyJson);
        return exit;
    }

    private static (IReportVerifier Verifier, string Description) ChooseVerifier(VerifyOptions options, ReportSignature signature, Func<IReportVerifier> kmsVerifier)
    {
        if (options.Kms || (options.PublicKey is null && signature.KeyId.StartsWith("arn:aws", StringComparison.Ordinal)))
        {
            return (kmsVerifier(), "KMS key " + signature.KeyId);
        }

        var keyPath = options.PublicKey?.FullName ?? options.DefaultPublicKeyPath;
        if (!File.Exists(keyPath))
        {
            throw new IOException($"public key {keyPath} does not exist: pass --public-key PEM (the signer's report-signing.pub.pem) or --kms");
        }

        return (LocalKeyReportVerifier.FromFile(keyPath), "the local key " + keyPath);
    }

    private static KmsReportVerifier CreateKmsVerifier()
    {
        // The factory lives as long as the process: verify runs once and exits.
#pragma warning disable CA2000
        var factory = AwsClientFactory.FromEnvironment();
#pragma warning restore CA2000
        return factory.CreateKmsVerifier();
    }
}
