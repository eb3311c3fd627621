using System.Security.Cryptography;
using System.Text;
using Tuner.Aws.Signing;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Aws.Tests.Signing;

public sealed class LocalKeyReportSignerTests : IDisposable
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("""{"runId":"r1","recommendation":{"memoryMb":1024}}""");
    private static readonly Tuner.Core.Ports.ReportBinding Binding = new("r1", "orders");
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private string KeyPath => LocalSigningKey.DefaultPath(_home.Path, "/nonexistent-home");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SignAsync_FirstUse_CreatesPrivateKeyWithMode600AndPublicKeyBeside()
    {
        var signer = new LocalKeyReportSigner(KeyPath);

        await signer.SignAsync(Report, Binding);

        Assert.Equal(Path.Combine(_home.Path, "keys", "report-signing.pem"), KeyPath);
        Assert.True(File.Exists(KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        var publicPem = await File.ReadAllTextAsync(Path.Combine(_home.Path, "keys", "report-signing.pub.pem"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicPem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", publicPem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_Report_ProducesDocumentedSignatureFields()
    {
        var time = new AutoAdvancingTimeProvider();
        var signer = new LocalKeyReportSigner(KeyPath, time);

        var signature = await signer.SignAsync(Report, Binding);

        Assert.Equal("ECDSA_SHA_256", signature.Algorithm);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Report)), signature.DigestSha256);
        Assert.Equal(time.GetUtcNow(), signature.SignedAt);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(KeyPath));
        Assert.Equal("local:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())), signature.KeyId);
        Assert.Equal(2, signature.SchemaVersion);
        Assert.Equal(("r1", "orders"), (signature.RunId, signature.Job));
        var statement = SignedStatement.Bytes(2, "r1", "orders", signature.KeyId, signature.DigestSha256);
        Assert.Equal(
            $$"""{"schemaVersion":2,"runId":"r1","job":"orders","keyId":"{{signature.KeyId}}","reportSha256":"{{signature.DigestSha256}}"}""",
            Encoding.UTF8.GetString(statement));
        Assert.True(key.VerifyHash(SHA256.HashData(statement), Convert.FromBase64String(signature.Signature), DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task SignAsync_SecondSigner_ReusesExistingKey()
    {
        var first = await new LocalKeyReportSigner(KeyPath).SignAsync(Report, Binding);

        var second = await new LocalKeyReportSigner(KeyPath).SignAsync(Report, Binding);

        Assert.Equal(first.KeyId, second.KeyId);
    }

    [Fact]
    public async Task VerifyAsync_UnchangedReport_ReturnsTrue()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var signature = await signer.SignAsync(Report, Binding);
        var verifier = LocalKeyReportVerifier.FromFile(signer.Key.PublicKeyPath);

        Assert.True(await verifier.VerifyAsync(Report, signature));
    }

    [Fact]
    public async Task VerifyAsync_FlippedByte_ReturnsFalse()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var signature = await signer.SignAsync(Report, Binding);
        var verifier = new LocalKeyReportVerifier(signer.Key.PublicKeyPem);
        var tampered = (byte[])Report.Clone();
        tampered[10] ^= 0x01;

        Assert.False(await verifier.VerifyAsync(tampered, signature));
    }

    [Fact]
    public async Task VerifyAsync_DigestRewrittenToMatchTamperedReport_ReturnsFalse()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var signature = await signer.SignAsync(Report, Binding);
        var verifier = new LocalKeyReportVerifier(signer.Key.PublicKeyPem);
        var tampered = (byte[])Report.Clone();
        tampered[10] ^= 0x01;

        Assert.False(await verifier.VerifyAsync(tampered, signature with { DigestSha256 = Convert.ToHexStringLower(SHA256.HashData(tampered)) }));
    }

    [Fact]
    public async Task VerifyAsync_OtherKey_ReturnsFalse()
    {
        var signature = await new LocalKeyReportSigner(KeyPath).SignAsync(Report, Binding);
        using var otherHome = new TempDirectory();
        var other = new LocalKeyReportSigner(LocalSigningKey.DefaultPath(otherHome.Path, "/x"));
        var otherVerifier = new LocalKeyReportVerifier(other.Key.PublicKeyPem);

        Assert.False(await otherVerifier.VerifyAsync(Report, signature));
        Assert.False(await otherVerifier.VerifyAsync(Report, signature with { KeyId = otherVerifier.KeyId }));
    }

    [Fact]
    public async Task VerifyAsync_FlippedSignatureByteOrBadBase64_ReturnsFalse()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var signature = await signer.SignAsync(Report, Binding);
        var verifier = new LocalKeyReportVerifier(signer.Key.PublicKeyPem);
        var der = Convert.FromBase64String(signature.Signature);
        der[^1] ^= 0x01;

        Assert.False(await verifier.VerifyAsync(Report, signature with { Signature = Convert.ToBase64String(der) }));
        Assert.False(await verifier.VerifyAsync(Report, signature with { Signature = "not base64!" }));
        Assert.False(await verifier.VerifyAsync(Report, signature with { Algorithm = "RSASSA_PSS_SHA_256" }));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task VerifyAsync_BoundJobOrKeyIdChanged_ReturnsFalse()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var signature = await signer.SignAsync(Report, Binding);
        var verifier = new LocalKeyReportVerifier(signer.Key.PublicKeyPem);

        Assert.True(await verifier.VerifyAsync(Report, signature));
        Assert.False(await verifier.VerifyAsync(Report, signature with { Job = "payments" }));
        Assert.False(await verifier.VerifyAsync(Report, signature with { RunId = "r2" }));
        Assert.False(await verifier.VerifyAsync(Report, signature with { SchemaVersion = 1 }));
    }

    [Fact]
    public void DefaultPath_NoTunerHome_UsesDotTunerInUserHome()
    {
        Assert.Equal(Path.Combine("/home/u", ".tuner", "keys", "report-signing.pem"), LocalSigningKey.DefaultPath(null, "/home/u"));
        Assert.Equal(Path.Combine("/opt/t", "keys", "report-signing.pem"), LocalSigningKey.DefaultPath("/opt/t", "/home/u"));
    }
}
