using System.Security.Cryptography;
using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Reports;

namespace Tuner.Cli.Cleanup;

/// <summary>
/// The Cleaner's record beside a report in a run folder (<c>cleanup.json</c>, <c>cleanup.sig.json</c>, as
/// <c>tuner run</c> and <c>tuner fetch</c> leave them), checked before anything it says is shown: its bytes must match
/// the digest its signature names, the signature must be a cleanup-record signature binding the report's run, and where
/// a verifier for its key is at hand (the local key, the stack's cleanup key) it must verify. A record that fails is
/// returned with <see cref="CleanupAddendum.Verified"/> false and shown as such, never its targets.
/// </summary>
internal static class CleanupBeside
{
    /// <summary>A verifier of the signature's key and its description, or null where none is at hand.</summary>
    internal delegate Task<(IReportVerifier Verifier, string Description)?> VerifierFor(ReportSignature signature, CancellationToken cancellationToken);

    /// <summary>The record beside <paramref name="reportDirectory"/>'s report of <paramref name="runId"/>; null when there is none (runs before the Cleaner wrote one).</summary>
    public static async Task<CleanupAddendum?> ReadAsync(string reportDirectory, string runId, VerifierFor verifierFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifierFor);
        var path = Path.Combine(reportDirectory, BucketKeys.CleanupFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var record = Parse(bytes);
        var signaturePath = Path.Combine(reportDirectory, BucketKeys.CleanupSignatureFile);
        if (!File.Exists(signaturePath))
        {
            return record is null
                ? new CleanupAddendum(null, null) { Verified = false, Problem = $"{BucketKeys.CleanupFile} is not a Tuner cleanup record" }
                : new CleanupAddendum(record, null);
        }

        ReportSignature signature;
        try
        {
            signature = await ReportSignatureFile.ReadAsync(signaturePath, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or JsonException or IOException)
        {
            return new CleanupAddendum(record, null) { Verified = false, Problem = $"{BucketKeys.CleanupSignatureFile} cannot be read: {e.Message}" };
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(digest, signature.DigestSha256, StringComparison.OrdinalIgnoreCase))
        {
            return Fails(record, signature, $"its SHA-256 is {digest}, but {BucketKeys.CleanupSignatureFile} was made over {signature.DigestSha256}: the record was changed after the Cleaner signed it");
        }

        if (await verifierFor(signature, cancellationToken) is { } expected)
        {
            var verdict = await SignedCleanupCheck.CheckAsync(expected.Verifier, bytes, signature, runId, cancellationToken);
            return verdict.Valid && record is not null
                ? new CleanupAddendum(record, signature) { Verified = true, CheckedWith = "with " + expected.Description }
                : Fails(record, signature, verdict.Problem ?? $"{BucketKeys.CleanupFile} is not a Tuner cleanup record");
        }

        // No key at hand for its signature: what can be checked without one still is.
        if (signature.Record != ReportSignature.CleanupRecord)
        {
            return Fails(record, signature, $"the signature is not of a cleanup record (it names record '{signature.Record ?? "report"}')");
        }

        if (record is null)
        {
            return Fails(null, signature, $"{BucketKeys.CleanupFile} is not a Tuner cleanup record");
        }

        if (!string.Equals(signature.RunId, runId, StringComparison.Ordinal) || !string.Equals(record.RunId, runId, StringComparison.Ordinal))
        {
            return Fails(record, signature, $"it is of run '{record.RunId}' (its signature binds '{signature.RunId}'), not of this report's run '{runId}'");
        }

        return new CleanupAddendum(record, signature) { CheckedWith = $"its key is not at hand here: check it with tuner verify {Path.Combine(reportDirectory, BucketKeys.CleanupFile)}" };
    }

    /// <summary>
    /// The local key at <paramref name="publicKeyPath"/> for a signature it made (locally the Cleaner signs with the same
    /// key as the Reducer); none for another key (a KMS key: <c>tuner fetch</c> and <c>tuner verify</c> check those).
    /// </summary>
    public static VerifierFor LocalKey(string? publicKeyPath) => (signature, _) =>
    {
        if (publicKeyPath is null || !File.Exists(publicKeyPath) || !signature.KeyId.StartsWith(LocalSigningKey.KeyIdPrefix, StringComparison.Ordinal))
        {
            return Task.FromResult<(IReportVerifier, string)?>(null);
        }

        var verifier = LocalKeyReportVerifier.FromFile(publicKeyPath);
        // Another machine's local key: not this one's to judge.
        return Task.FromResult<(IReportVerifier, string)?>(verifier.KeyId == signature.KeyId ? (verifier, "the local public key " + publicKeyPath) : null);
    };

    private static CleanupAddendum Fails(CleanerOutput? record, ReportSignature signature, string problem) =>
        new(record, signature) { Verified = false, Problem = problem };

    private static CleanerOutput? Parse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, StateOutputJson.Default.CleanerOutput) is { RunId: not null, Targets: { } targets } record && targets.All(t => t?.Function is not null)
                ? record
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
