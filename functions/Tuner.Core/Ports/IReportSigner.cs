using Tuner.Contracts;

namespace Tuner.Core.Ports;

/// <summary>Signs canonical report bytes (KMS on AWS, a local ECDSA P-256 key file locally).</summary>
public interface IReportSigner
{
    /// <summary>Signs the report bound to <paramref name="binding"/>'s run id and job and to the signing key's identity
    /// (a <see cref="ReportSignature.BoundVersion"/> signature).</summary>
    Task<ReportSignature> SignAsync(ReadOnlyMemory<byte> canonicalReport, ReportBinding binding, CancellationToken cancellationToken = default);
}

/// <summary>Checks a <see cref="ReportSignature"/> against report bytes with one expected key, fixed when the verifier
/// is built (the stack's KMS key, a public key PEM, the user's local key): a signature by any other key fails.</summary>
public interface IReportVerifier
{
    /// <summary>True only when the signature names the expected key, and the digest and the signature both match the bytes
    /// (for a bound signature: the run id, job and key id it carries too).</summary>
    Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default);
}

/// <summary>What a signature binds a report to besides its bytes: the run it was produced by and the job, and which
/// record the bytes are (<see cref="Record"/> null: <c>report.json</c>; <see cref="ReportSignature.CleanupRecord"/>:
/// the Cleaner's <c>cleanup.json</c>). The record kind is signed, so one kind's signature never verifies as the other's.</summary>
public sealed record ReportBinding(string RunId, string Job)
{
    /// <summary>Null for a report; <see cref="ReportSignature.CleanupRecord"/> for the Cleaner's record.</summary>
    public string? Record { get; init; }
}
