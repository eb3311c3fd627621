using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportVerifier"/> for KMS signatures that needs only <c>kms:GetPublicKey</c>: fetches the key's public key
/// once (cached per key id), checks it is an ECDSA_SHA_256 signing key, and verifies locally with <see cref="ECDsa"/>.
/// Signatures whose key id is not a KMS key (e.g. <c>local:…</c>) do not verify.
/// </summary>
public sealed class KmsReportVerifier(IAmazonKeyManagementService kms) : IReportVerifier
{
    private readonly ConcurrentDictionary<string, byte[]> _publicKeys = new(StringComparer.Ordinal);

    public async Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.KeyId.StartsWith("local:", StringComparison.Ordinal)
            || !ReportDigest.TryPrepare(canonicalReport, signature, out var digest, out var der))
        {
            return false;
        }

        var publicKey = await PublicKeyAsync(signature.KeyId, cancellationToken).ConfigureAwait(false);
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKey, out _);
        return key.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>The key's SubjectPublicKeyInfo (DER), from KMS on first use.</summary>
    public async Task<byte[]> PublicKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        if (_publicKeys.TryGetValue(keyId, out var cached))
        {
            return cached;
        }

        var response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false);
        if (response.SigningAlgorithms is { Count: > 0 } algorithms && !algorithms.Contains(SigningAlgorithmSpec.ECDSA_SHA_256))
        {
            throw new InvalidOperationException($"KMS key {keyId} does not sign with ECDSA_SHA_256 (it offers {string.Join(", ", algorithms)})");
        }

        var der = response.PublicKey.ToArray();
        _publicKeys[keyId] = der;
        return der;
    }
}
