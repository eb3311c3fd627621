using System.CommandLine;
using System.Text;
using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Core.Ports;

namespace Tuner.IntegrationTests.Aws;

/// <summary><c>tuner verify</c> end to end on files: a signed report verifies; any change makes it exit non-zero.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class VerifyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tuner-verify-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ReportPath => Path.Combine(_folder, "report.json");

    private string KeyPath => Path.Combine(_folder, "home", "keys", LocalSigningKey.PrivateKeyFileName);

    private async Task<LocalKeyReportSigner> WriteSignedReportAsync()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var report = Encoding.UTF8.GetBytes("""{"recommendation":{"batchSize":25,"memoryMb":1024},"runId":"r1"}""");
        await File.WriteAllBytesAsync(ReportPath, report);
        await ReportSignatureFile.WriteAsync(Path.Combine(_folder, ReportSignatureFile.FileName), await signer.SignAsync(report));
        return signer;
    }

    private static Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { VerifyCommand.Create() };
        return root.Parse(["verify", .. args]).InvokeAsync();
    }

    [Fact]
    public async Task Verify_SignedReportWithPublicKey_ExitsZero()
    {
        var signer = await WriteSignedReportAsync();

        var exit = await InvokeAsync(ReportPath, "--public-key", signer.Key.PublicKeyPath);

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Verify_FlippedByte_ExitsMismatch()
    {
        var signer = await WriteSignedReportAsync();
        var bytes = await File.ReadAllBytesAsync(ReportPath);
        bytes[20] ^= 0x01;
        await File.WriteAllBytesAsync(ReportPath, bytes);

        var exit = await InvokeAsync(ReportPath, "--public-key", signer.Key.PublicKeyPath);

        Assert.Equal(VerifyCommand.Mismatch, exit);
    }

    [Fact]
    public async Task Verify_OtherPublicKey_ExitsMismatch()
    {
        await WriteSignedReportAsync();
        var other = new LocalKeyReportSigner(Path.Combine(_folder, "other", "keys", LocalSigningKey.PrivateKeyFileName));

        var exit = await InvokeAsync(ReportPath, "--public-key", other.Key.PublicKeyPath);

        Assert.Equal(VerifyCommand.Mismatch, exit);
    }

    [Fact]
    public async Task Verify_TamperedSignatureWithDefaultKey_ExitsMismatch()
    {
        var signer = await WriteSignedReportAsync();
        var sigPath = Path.Combine(_folder, ReportSignatureFile.FileName);
        var signature = await ReportSignatureFile.ReadAsync(sigPath);
        var der = Convert.FromBase64String(signature.Signature);
        der[^2] ^= 0x40;
        await ReportSignatureFile.WriteAsync(sigPath, signature with { Signature = Convert.ToBase64String(der) });
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await VerifyCommand.RunAsync(
            new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, Kms: false, signer.Key.PublicKeyPath),
            () => throw new InvalidOperationException("KMS must not be used for a local key"),
            output,
            error,
            CancellationToken.None);

        Assert.Equal(VerifyCommand.Mismatch, exit);
        Assert.Contains("MISMATCH", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KmsKeyId_UsesKmsVerifier()
    {
        await WriteSignedReportAsync();
        var sigPath = Path.Combine(_folder, ReportSignatureFile.FileName);
        var signature = await ReportSignatureFile.ReadAsync(sigPath);
        await ReportSignatureFile.WriteAsync(sigPath, signature with { KeyId = "arn:aws:kms:us-east-1:1:key/k" });
        var kms = new RecordingVerifier(result: true);

        var exit = await VerifyCommand.RunAsync(
            new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, Kms: false, "/nonexistent.pem"),
            () => kms,
            TextWriter.Null,
            TextWriter.Null,
            CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Equal(1, kms.Calls);
    }

    [Fact]
    public async Task Verify_MissingSignatureFile_ExitsCannotVerify()
    {
        await File.WriteAllTextAsync(ReportPath, "{}");

        var exit = await InvokeAsync(ReportPath, "--public-key", "/nonexistent.pem");

        Assert.Equal(VerifyCommand.CannotVerify, exit);
    }

    private sealed class RecordingVerifier(bool result) : IReportVerifier
    {
        public int Calls { get; private set; }

        public Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(result);
        }
    }
}
