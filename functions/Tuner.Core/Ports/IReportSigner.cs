namespace Tuner.Core.Ports;

/// <summary>Signs canonical report bytes (KMS on AWS, a local ECDSA P-256 key file locally).</summary>
public interface IReportSigner
{
    Task<ReportSignature> SignAsync(ReadOnlyMemory<byte> canonicalReport, CancellationToken cancellationToken = default);
}

/// <summary>Checks a <see cref="ReportSignature"/> against report bytes.</summary>
public interface IReportVerifier
{
    /// <summary>True only when the digest and the signature both match the bytes and the key.</summary>
    Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default);
}

/// <summary>
/// The content of <c>report.sig.json</c>. <c>Algorithm</c> is <c>ECDSA_SHA_256</c>; <c>DigestSha256</c> is lowercase hex
/// of SHA-256 over the canonical report bytes; <c>Signature</c> is base64 of the DER-encoded ECDSA signature (as KMS returns it).
/// </summary>
public sealed record ReportSignature(string Algorithm, string KeyId, string DigestSha256, string Signature, DateTimeOffset SignedAt);
