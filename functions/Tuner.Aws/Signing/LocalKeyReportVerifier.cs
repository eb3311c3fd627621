using System.Security.Cryptography;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportVerifier"/> with a local public key (SubjectPublicKeyInfo PEM). A signature only verifies when its
/// key id is exactly this key's fingerprint, its digest matches the bytes and the ECDSA signature is valid (over the
/// bound statement for a version 2 signature, over the digest for version 1).
/// </summary>
public sealed class LocalKeyReportVerifier : IReportVerifier
{
    private readonly byte[] _subjectPublicKeyInfo;

    public LocalKeyReportVerifier(string publicKeyPem)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicKeyPem);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException e)
        {
            throw new FormatException("not an EC public key PEM: " + e.Message, e);
        }

        _subjectPublicKeyInfo = key.ExportSubjectPublicKeyInfo();
        KeyId = LocalSigningKey.KeyIdOf(key);
    }

    /// <summary>The key id this verifier accepts.</summary>
    public string KeyId { get; }

    /// <summary>A verifier for the public key PEM file at <paramref name="path"/> (a private key PEM works too).</summary>
    public static LocalKeyReportVerifier FromFile(string path) => new(File.ReadAllText(path));

    public Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        cancellationToken.ThrowIfCancellationRequested();
        if (!string.Equals(signature.KeyId, KeyId, StringComparison.Ordinal)
            || !ReportDigest.TryPrepare(canonicalReport, signature, out var signedHash, out var der))
        {
            return Task.FromResult(false);
        }

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        return Task.FromResult(key.VerifyHash(signedHash, der, DSASignatureFormat.Rfc3279DerSequence));
    }
}
