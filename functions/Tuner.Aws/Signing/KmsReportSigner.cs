using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportSigner"/> with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): KMS signs the SHA-256 of the
/// <see cref="SignedStatement"/> (<c>MessageType = DIGEST</c>, <c>ECDSA_SHA_256</c>) and returns a DER signature. The key id
/// recorded and bound is the key ARN, so a verifier compares it exactly with the ARN of the key it expects. When the
/// configured key id is not a key ARN (a bare key id or an alias), the ARN is asked once with <c>kms:GetPublicKey</c>.
/// </summary>
public sealed class KmsReportSigner(IAmazonKeyManagementService kms, string keyId, TimeProvider? timeProvider = null) : IReportSigner
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;
    private string? _keyArn;

    public async Task<ReportSignature> SignAsync(ReadOnlyMemory<byte> canonicalReport, ReportBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var keyArn = await KeyArnAsync(cancellationToken).ConfigureAwait(false);
        var digest = Convert.ToHexStringLower(ReportDigest.Sha256(canonicalReport));
        using var message = new MemoryStream(SignedStatement.HashToSign(binding, keyArn, digest), writable: false);
        var response = await kms.SignAsync(
            new SignRequest
            {
                KeyId = keyArn,
                Message = message,
                MessageType = MessageType.DIGEST,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            },
            cancellationToken).ConfigureAwait(false);

        return new ReportSignature(
            ReportSignatureFile.Algorithm,
            keyArn,
            digest,
            Convert.ToBase64String(response.Signature.ToArray()),
            _timeProvider.GetUtcNow())
        {
            SchemaVersion = ReportSignature.BoundVersion,
            RunId = binding.RunId,
            Job = binding.Job,
            Record = binding.Record,
        };
    }

    private async Task<string> KeyArnAsync(CancellationToken cancellationToken)
    {
        if (_keyArn is { } known)
        {
            return known;
        }

        if (KmsKeyIdentity.IsKeyArn(keyId))
        {
            return _keyArn = keyId;
        }

        var response = await kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, cancellationToken).ConfigureAwait(false);
        return _keyArn = KmsKeyIdentity.IsKeyArn(response.KeyId)
            ? response.KeyId
            : throw new InvalidOperationException($"KMS answered GetPublicKey of {keyId} with '{response.KeyId}', not a key ARN");
    }
}
