using System.Security.Cryptography;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>SHA-256 of canonical report bytes, and the checks every verifier shares.</summary>
internal static class ReportDigest
{
    public static byte[] Sha256(ReadOnlyMemory<byte> canonicalReport) => SHA256.HashData(canonicalReport.Span);

    /// <summary>
    /// The digest matches (lowercase hex, compared without regard to case) and the signature is valid base64; gives the
    /// hash the ECDSA signature must be over: the report digest for a version 1 signature, the SHA-256 of the
    /// <see cref="SignedStatement"/> for version 2. Fails for versions newer than this code knows.
    /// </summary>
    public static bool TryPrepare(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, out byte[] signedHash, out byte[] derSignature)
    {
        var digest = Sha256(canonicalReport);
        signedHash = digest;
        derSignature = [];
        var digestHex = Convert.ToHexStringLower(digest);
        if (!string.Equals(signature.Algorithm, ReportSignatureFile.Algorithm, StringComparison.Ordinal)
            || !string.Equals(signature.DigestSha256, digestHex, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        switch (signature.SchemaVersion)
        {
            case ReportSignature.UnboundVersion when signature.Record is null:
                break;
            case ReportSignature.BoundVersion when signature.RunId is { Length: > 0 } runId && signature.Job is { Length: > 0 } job:
                signedHash = SignedStatement.HashToSign(new ReportBinding(runId, job) { Record = signature.Record }, signature.KeyId, digestHex);
                break;
            default:
                return false;
        }

        try
        {
            derSignature = Convert.FromBase64String(signature.Signature);
            return derSignature.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
