using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Tests.Signing;

public sealed class KmsReportSignerTests : IDisposable
{
    private const string AttackerKeyArn = "arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555";
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("""{"runId":"r1","recommendation":{"memoryMb":1024}}""");
    private static readonly ReportBinding Binding = new("r1", "orders");
    private readonly FakeKms _kms = new();

    public void Dispose() => _kms.Dispose();

    [Fact]
    public async Task SignAsync_Alias_ResolvesTheKeyArnAndSignsTheBoundStatement()
    {
        var signer = new KmsReportSigner(_kms.CreateClient(), "alias/tuner-reports");

        var signature = await signer.SignAsync(Report, Binding);

        Assert.Equal(["TrentService.GetPublicKey", "TrentService.Sign"], _kms.Targets);
        using var body = JsonDocument.Parse(_kms.Handler.Requests[1].Body);
        Assert.Equal(FakeKms.KeyArn, body.RootElement.GetProperty("KeyId").GetString());
        Assert.Equal("DIGEST", body.RootElement.GetProperty("MessageType").GetString());
        var digest = Convert.ToHexStringLower(SHA256.HashData(Report));
        Assert.Equal(SignedStatement.HashToSign(Binding, FakeKms.KeyArn, digest), Convert.FromBase64String(body.RootElement.GetProperty("Message").GetString()!));
        Assert.Equal(FakeKms.KeyArn, signature.KeyId);
        Assert.Equal("ECDSA_SHA_256", signature.Algorithm);
        Assert.Equal(digest, signature.DigestSha256);
        Assert.Equal((ReportSignature.BoundVersion, "r1", "orders"), (signature.SchemaVersion, signature.RunId, signature.Job));
    }

    [Fact]
    public async Task SignAsync_KeyArn_SignsWithoutAskingForTheArn()
    {
        await new KmsReportSigner(_kms.CreateClient(), FakeKms.KeyArn).SignAsync(Report, Binding);

        Assert.Equal(["TrentService.Sign"], _kms.Targets);
    }

    [Fact]
    public async Task VerifyAsync_KmsSignature_ReturnsTrueUsingOnlyGetPublicKeyOfTheExpectedKey()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), FakeKms.KeyArn).SignAsync(Report, Binding);
        var verifier = new KmsReportVerifier(_kms.CreateClient(), "11111111-2222-3333-4444-555555555555");

        var valid = await verifier.VerifyAsync(Report, signature);
        var again = await verifier.VerifyAsync(Report, signature);

        Assert.True(valid);
        Assert.True(again);
        Assert.Equal(["TrentService.Sign", "TrentService.GetPublicKey"], _kms.Targets);
    }

    [Fact]
    public async Task VerifyAsync_FlippedByte_ReturnsFalse()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), FakeKms.KeyArn).SignAsync(Report, Binding);
        var tampered = (byte[])Report.Clone();
        tampered[0] ^= 0x20;
        var verifier = new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn);

        Assert.False(await verifier.VerifyAsync(tampered, signature with { DigestSha256 = Convert.ToHexStringLower(SHA256.HashData(tampered)) }));
        Assert.False(await verifier.VerifyAsync(tampered, signature));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task VerifyAsync_ReportReSignedWithAnotherReadableKmsKey_ReturnsFalse()
    {
        // The attacker's key is in KMS and its public key is readable: the old verifier fetched the key the signature
        // names and accepted it.
        _kms.AddKey(AttackerKeyArn);
        var forged = await new KmsReportSigner(_kms.CreateClient(), AttackerKeyArn).SignAsync(Report, Binding);

        var valid = await new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn).VerifyAsync(Report, forged);

        Assert.False(valid);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task VerifyAsync_AliasArnContainingTheExpectedKeyId_ReturnsFalse()
    {
        // An alias in the attacker's account named after the stack key's id resolves to the attacker's key.
        var aliasArn = "arn:aws:kms:us-east-1:999999999999:alias/11111111-2222-3333-4444-555555555555";
        _kms.AddKey(AttackerKeyArn, aliasArn);
        var forged = await new KmsReportSigner(_kms.CreateClient(), AttackerKeyArn).SignAsync(Report, Binding);

        var valid = await new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn).VerifyAsync(Report, forged with { KeyId = aliasArn });

        Assert.False(valid);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task VerifyAsync_BoundRunIdChanged_ReturnsFalse()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), FakeKms.KeyArn).SignAsync(Report, Binding);

        var valid = await new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn).VerifyAsync(Report, signature with { RunId = "r2" });

        Assert.False(valid);
    }

    [Fact]
    public async Task VerifyAsync_VersionOneSignatureOfTheDigest_StillVerifies()
    {
        // Reports signed before version 2: the signature is over the report's digest, the key id is not signed.
        using var kms = _kms.CreateClient();
        using var message = new MemoryStream(SHA256.HashData(Report));
        var response = await kms.SignAsync(new Amazon.KeyManagementService.Model.SignRequest
        {
            KeyId = FakeKms.KeyArn,
            Message = message,
            MessageType = Amazon.KeyManagementService.MessageType.DIGEST,
            SigningAlgorithm = Amazon.KeyManagementService.SigningAlgorithmSpec.ECDSA_SHA_256,
        });
        var legacy = new ReportSignature("ECDSA_SHA_256", FakeKms.KeyArn, Convert.ToHexStringLower(SHA256.HashData(Report)), Convert.ToBase64String(response.Signature.ToArray()), DateTimeOffset.UnixEpoch);

        Assert.True(await new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn).VerifyAsync(Report, legacy));
        Assert.False(legacy.IsBound);
    }

    [Fact]
    public async Task VerifyAsync_LocalKeyId_ReturnsFalse()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), FakeKms.KeyArn).SignAsync(Report, Binding);

        Assert.False(await new KmsReportVerifier(_kms.CreateClient(), FakeKms.KeyArn).VerifyAsync(Report, signature with { KeyId = "local:abc" }));
    }
}
