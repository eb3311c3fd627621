using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportSigner"/> with an asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY): KMS signs the SHA-256 digest
/// (<c>MessageType = DIGEST</c>, <c>ECDSA_SHA_256</c>) and returns a DER signature. The key id recorded is the key ARN KMS
/// answers with, so a verifier can fetch the public key with only <c>kms:GetPublicKey</c>.
/// </summary>
public sealed class KmsReportSigner(IAmazonKeyManagementService kms, string keyId, TimeProvider? timeProvider = null) : IReportSigner
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public async Task<ReportSignature> SignAsync(ReadOnlyMemory<byte> canonicalReport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var digest = ReportDigest.Sha256(canonicalReport);
        using var message = new MemoryStream(digest, writable: false);
        var response = await kms.SignAsync(
            new SignRequest
            {
                KeyId = keyId,
                Message = message,
                MessageType = MessageType.DIGEST,
                SigningAlgorithm = SigningAlgorithmSpec.ECDSA_SHA_256,
            },
            cancellationToken).ConfigureAwait(false);

        return new ReportSignature(
            ReportSignatureFile.Algorithm,
            string.IsNullOrEmpty(response.KeyId) ? keyId : response.KeyId,
            Convert.ToHexStringLower(digest),
            Convert.ToBase64String(response.Signature.ToArray()),
            _timeProvider.GetUtcNow());
    }
}
