using System.Security.Cryptography;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// <see cref="IReportSigner"/> with the local ECDSA P-256 key file (<see cref="LocalSigningKey"/>), created on the first
/// signature. Produces the same format as KMS: DER signature over the SHA-256 of the <see cref="SignedStatement"/>, base64.
/// </summary>
public sealed class LocalKeyReportSigner : IReportSigner
{
    private readonly string _privateKeyPath;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<LocalSigningKey> _key;

    public LocalKeyReportSigner(string privateKeyPath, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        _privateKeyPath = privateKeyPath;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _key = new Lazy<LocalSigningKey>(() => LocalSigningKey.LoadOrCreate(_privateKeyPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The key (created now if it does not exist yet).</summary>
    public LocalSigningKey Key => _key.Value;

    public Task<ReportSignature> SignAsync(ReadOnlyMemory<byte> canonicalReport, ReportBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        cancellationToken.ThrowIfCancellationRequested();
        var key = _key.Value;
        var digest = Convert.ToHexStringLower(ReportDigest.Sha256(canonicalReport));
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PrivateKeyPem);
        var signature = ecdsa.SignHash(SignedStatement.HashToSign(binding, key.KeyId, digest), DSASignatureFormat.Rfc3279DerSequence);
        return Task.FromResult(new ReportSignature(
            ReportSignatureFile.Algorithm,
            key.KeyId,
            digest,
            Convert.ToBase64String(signature),
            _timeProvider.GetUtcNow())
        {
            SchemaVersion = ReportSignature.BoundVersion,
            RunId = binding.RunId,
            Job = binding.Job,
            Record = binding.Record,
        });
    }
}
