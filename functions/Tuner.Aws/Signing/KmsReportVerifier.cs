using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportVerifier"/> for KMS signatures pinned to one expected key (the stack's <c>SigningKeyId</c> output or
/// <c>tuner verify --key-id</c>), needing only <c>kms:GetPublicKey</c> on it: fetches the expected key's public key and ARN
/// once, accepts only a signature whose key id is exactly that ARN, and verifies
/// locally with <see cref="ECDsa"/>. The key a signature names is never fetched: a report re-signed with any other KMS key
/// whose public key is readable fails, and so do <c>local:…</c> signatures.
/// </summary>
public sealed class KmsReportVerifier(IAmazonKeyManagementService kms, string expectedKeyId) : IReportVerifier
{
    private ExpectedKey? _expected;

    /// <summary>The key this verifier accepts, as it was given.</summary>
    public string ExpectedKeyId => expectedKeyId;

    public async Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentException.ThrowIfNullOrEmpty(expectedKeyId);
        if (!ReportDigest.TryPrepare(canonicalReport, signature, out var signedHash, out var der))
        {
            return false;
        }

        var expected = await ExpectedAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(signature.KeyId, expected.Arn, StringComparison.Ordinal))
        {
            return false;
        }

        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(expected.PublicKey, out _);
        return key.VerifyHash(signedHash, der, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>The expected key's ARN as KMS reports it (after resolving an alias or a bare id).</summary>
    public async Task<string> ExpectedKeyArnAsync(CancellationToken cancellationToken = default) =>
        (await ExpectedAsync(cancellationToken).ConfigureAwait(false)).Arn;

    private async Task<ExpectedKey> ExpectedAsync(CancellationToken cancellationToken)
    {
        if (_expected is { } cached)
        {
            return cached;
        }

        var response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = expectedKeyId }, cancellationToken).ConfigureAwait(false);
        if (response.SigningAlgorithms is { Count: > 0 } algorithms && !algorithms.Contains(SigningAlgorithmSpec.ECDSA_SHA_256))
        {
            throw new InvalidOperationException($"KMS key {expectedKeyId} does not sign with ECDSA_SHA_256 (it offers {string.Join(", ", algorithms)})");
        }

        return _expected = new ExpectedKey(string.IsNullOrEmpty(response.KeyId) ? expectedKeyId : response.KeyId, response.PublicKey.ToArray());
    }

    private sealed record ExpectedKey(string Arn, byte[] PublicKey);
}
