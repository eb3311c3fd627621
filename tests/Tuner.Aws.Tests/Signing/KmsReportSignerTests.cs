using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tuner.Aws.Signing;
using Tuner.Aws.Tests.TestHelpers;

namespace Tuner.Aws.Tests.Signing;

public sealed class KmsReportSignerTests : IDisposable
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("""{"runId":"r1","recommendation":{"memoryMb":1024}}""");
    private readonly FakeKms _kms = new();

    public void Dispose() => _kms.Dispose();

    [Fact]
    public async Task SignAsync_Report_SendsDigestWithEcdsaSha256AndRecordsKeyArn()
    {
        var signer = new KmsReportSigner(_kms.CreateClient(), "alias/tuner-reports");

        var signature = await signer.SignAsync(Report);

        var request = Assert.Single(_kms.Handler.Requests);
        Assert.Equal("TrentService.Sign", request.Header("X-Amz-Target"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("alias/tuner-reports", body.RootElement.GetProperty("KeyId").GetString());
        Assert.Equal("DIGEST", body.RootElement.GetProperty("MessageType").GetString());
        Assert.Equal(SHA256.HashData(Report), Convert.FromBase64String(body.RootElement.GetProperty("Message").GetString()!));
        Assert.Equal(FakeKms.KeyArn, signature.KeyId);
        Assert.Equal("ECDSA_SHA_256", signature.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Report)), signature.DigestSha256);
    }

    [Fact]
    public async Task VerifyAsync_KmsSignature_ReturnsTrueUsingOnlyGetPublicKey()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), "alias/tuner-reports").SignAsync(Report);
        var verifier = new KmsReportVerifier(_kms.CreateClient());

        var valid = await verifier.VerifyAsync(Report, signature);
        var again = await verifier.VerifyAsync(Report, signature);

        Assert.True(valid);
        Assert.True(again);
        Assert.Equal(["TrentService.Sign", "TrentService.GetPublicKey"], _kms.Targets);
    }

    [Fact]
    public async Task VerifyAsync_FlippedByte_ReturnsFalse()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), "alias/tuner-reports").SignAsync(Report);
        var tampered = (byte[])Report.Clone();
        tampered[0] ^= 0x20;

        Assert.False(await new KmsReportVerifier(_kms.CreateClient()).VerifyAsync(tampered, signature with { DigestSha256 = Convert.ToHexStringLower(SHA256.HashData(tampered)) }));
        Assert.False(await new KmsReportVerifier(_kms.CreateClient()).VerifyAsync(tampered, signature));
    }

    [Fact]
    public async Task VerifyAsync_SignatureFromAnotherKey_ReturnsFalse()
    {
        using var other = new FakeKms();
        var signature = await new KmsReportSigner(other.CreateClient(), "alias/other").SignAsync(Report);

        Assert.False(await new KmsReportVerifier(_kms.CreateClient()).VerifyAsync(Report, signature));
    }

    [Fact]
    public async Task VerifyAsync_LocalKeyId_ReturnsFalseWithoutCallingKms()
    {
        var signature = await new KmsReportSigner(_kms.CreateClient(), "alias/tuner-reports").SignAsync(Report);

        Assert.False(await new KmsReportVerifier(_kms.CreateClient()).VerifyAsync(Report, signature with { KeyId = "local:abc" }));
        Assert.Equal(["TrentService.Sign"], _kms.Targets);
    }
}
