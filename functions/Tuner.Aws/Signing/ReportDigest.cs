using System.Security.Cryptography;

namespace Tuner.Aws.Signing;

/// <summary>SHA-256 of canonical report bytes, and the checks every verifier shares.</summary>
internal static class ReportDigest
{
    public static byte[] Sha256(ReadOnlyMemory<byte> canonicalReport) => SHA256.HashData(canonicalReport.Span);

    /// <summary>The digest matches (lowercase hex, compared without regard to case) and the signature is valid base64.</summary>
    public static bool TryPrepare(ReadOnlyMemory<byte> canonicalReport, Tuner.Core.Ports.ReportSignature signature, out byte[] digest, out byte[] derSignature)
    {
        digest = Sha256(canonicalReport);
        derSignature = [];
        if (!string.Equals(signature.Algorithm, ReportSignatureFile.Algorithm, StringComparison.Ordinal)
            || !string.Equals(signature.DigestSha256, Convert.ToHexStringLower(digest), StringComparison.OrdinalIgnoreCase))
        {
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
