using System.CommandLine;
using System.Security.Cryptography;
using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Commands;

/// <summary><c>tuner verify</c> on files: a signed report verifies with the expected key; any change, any other key,
/// or another run id makes it exit non-zero.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private const string RunId = "run-2026-11-21";
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tuner-verify-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ReportPath => Path.Combine(_folder, "report.json");

    private string SignaturePath => Path.Combine(_folder, ReportSignatureFile.FileName);

    private string KeyPath => Path.Combine(_folder, "home", "keys", LocalSigningKey.PrivateKeyFileName);

    private async Task<LocalKeyReportSigner> WriteSignedReportAsync()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var report = CanonicalJson.Serialize(SyntheticReport.Create(new SyntheticReportOptions { RunId = RunId, Job = "orders" }));
        await File.WriteAllBytesAsync(ReportPath, report);
        await ReportSignatureFile.WriteAsync(SignaturePath, await signer.SignAsync(report, new ReportBinding(RunId, "orders")));
        return signer;
    }

    private static Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand { VerifyCommand.Create() };
        return root.Parse(["verify", .. args]).InvokeAsync();
    }

    private Task<int> RunAsync(VerifyCommand.VerifyOptions options, VerifyCommand.IKeySources? keys = null) =>
        VerifyCommand.RunAsync(options, keys ?? new FakeKeySources(), _output, _error, CancellationToken.None);

    [Fact]
    public async Task Verify_SignedReportWithPublicKey_ExitsZero()
    {
        var signer = await WriteSignedReportAsync();

        var exit = await InvokeAsync(ReportPath, "--public-key", signer.Key.PublicKeyPath, "--run-id", RunId, "--job", "orders");

        Assert.Equal(0, exit);
    }

    private async Task<(LocalKeyReportSigner Signer, string Path)> WriteSignedCleanupRecordAsync()
    {
        var signer = new LocalKeyReportSigner(KeyPath);
        var record = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"runId":"{{RunId}}","targets":[{"function":"orders-ingest","outcome":"keptOwnersChange","reason":"memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000; Tuner kept that change","deletedVersions":[],"leftVersions":[]}]}""");
        var path = Path.Combine(_folder, SignedCleanupCheck.FileName);
        await File.WriteAllBytesAsync(path, record);
        await ReportSignatureFile.WriteAsync(
            Path.Combine(_folder, SignedCleanupCheck.SignatureFileName),
            await signer.SignAsync(record, new ReportBinding(RunId, "orders") { Record = ReportSignature.CleanupRecord }));
        return (signer, path);
    }

    [Fact]
    public async Task Verify_SignedCleanupRecord_ExitsZeroAndPrintsTheKeptOwnersChange()
    {
        var (signer, path) = await WriteSignedCleanupRecordAsync();

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(path), null, new FileInfo(signer.Key.PublicKeyPath), signer.Key.PublicKeyPath) { RunId = RunId });

        Assert.True(exit == 0, _error.ToString());
        Assert.Contains($"is the Cleaner's record of run '{RunId}'", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("owner's later change kept: orders-ingest: memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000; Tuner kept that change", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Verify_CleanupRecordChangedAfterSigning_Mismatch()
    {
        var (signer, path) = await WriteSignedCleanupRecordAsync();
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(path), null, new FileInfo(signer.Key.PublicKeyPath), signer.Key.PublicKeyPath));

        Assert.Equal(VerifyCommand.Mismatch, exit);
        Assert.DoesNotContain("owner's later change kept", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReportWithTheCleanersSignedRecordBeside_ExitsZeroAndPrintsWhatChangedWhenSeenAndThatItWasKept()
    {
        // Before: verify checked report.json alone, signed before the Cleaner ran, and said nothing of the kept change.
        var signer = await WriteSignedReportAsync();
        await ReportFiles.WriteCleanupAsync(_folder, ReportFiles.KeptOwnersChange(RunId), "orders", KeyPath);

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, new FileInfo(signer.Key.PublicKeyPath), "unused") { RunId = RunId });

        Assert.True(exit == VerifyCommand.Verified, _error.ToString());
        var output = _output.ToString();
        Assert.Contains($"OK: {Path.Combine(_folder, "cleanup.json")} is the Cleaner's record of run '{RunId}', signed by the expected key {signer.Key.KeyId}", output, StringComparison.Ordinal);
        Assert.Contains("owner's later change kept: orders-ingest: $LATEST was changed by someone else during the run (memory 512 → 2048 MB", output, StringComparison.Ordinal);
        Assert.Contains("[changed: memory, environment; seen by the Cleaner 2026-12-02 06:01:02 UTC; kept, not restored]", output, StringComparison.Ordinal);
        Assert.DoesNotContain("payments-ingest", output, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Category", "Security")]
    [InlineData("changed")]
    [InlineData("unsigned")]
    [InlineData("anotherRun")]
    public async Task Verify_ReportWithACleanupRecordBesideThatCannotBeTrusted_MismatchAndNoKeptChangeTold(string how)
    {
        var signer = await WriteSignedReportAsync();
        var record = await ReportFiles.WriteCleanupAsync(_folder, ReportFiles.KeptOwnersChange(how == "anotherRun" ? "run-other" : RunId), "orders", how == "unsigned" ? null : KeyPath);
        if (how == "changed")
        {
            await File.WriteAllTextAsync(record, (await File.ReadAllTextAsync(record)).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));
        }

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, new FileInfo(signer.Key.PublicKeyPath), "unused"));

        Assert.Equal(VerifyCommand.Mismatch, exit);
        Assert.Contains($"MISMATCH: {record}, the Cleaner's record beside the report", _error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("owner's later change kept", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DefaultLocalKey_SaysWhatTheSignatureBinds()
    {
        var signer = await WriteSignedReportAsync();

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, signer.Key.PublicKeyPath));

        Assert.True(exit == VerifyCommand.Verified, _error.ToString());
        Assert.Contains($"bound to run '{RunId}' of job 'orders'", _output.ToString(), StringComparison.Ordinal);
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
    [Trait("Category", "Security")]
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
        var signature = await ReportSignatureFile.ReadAsync(SignaturePath);
        var der = Convert.FromBase64String(signature.Signature);
        der[^2] ^= 0x40;
        await ReportSignatureFile.WriteAsync(SignaturePath, signature with { Signature = Convert.ToBase64String(der) });

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, signer.Key.PublicKeyPath));

        Assert.Equal(VerifyCommand.Mismatch, exit);
        Assert.Contains("MISMATCH", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Verify_KmsSignatureWithoutAKey_ExpectsTheStackKeyNotTheKeyTheSignatureNames()
    {
        // Before: any key id that looked like an ARN was verified with that very key, fetched from KMS.
        await WriteSignedReportAsync();
        var signature = await ReportSignatureFile.ReadAsync(SignaturePath);
        const string attackerArn = "arn:aws:kms:us-east-1:999999999999:key/attacker";
        await ReportSignatureFile.WriteAsync(SignaturePath, signature with { KeyId = attackerArn });
        var keys = new FakeKeySources("stack-key-id", new PinnedVerifier("stack-key-id"));

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, "/nonexistent.pem"), keys);

        Assert.Equal(VerifyCommand.Mismatch, exit);
        Assert.Equal(["Tuner"], keys.Stacks);
        Assert.Equal(["stack-key-id"], keys.ExpectedKeys);
        Assert.Contains("stack Tuner's signing key stack-key-id", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KeyIdOption_ExpectsThatKmsKey()
    {
        await WriteSignedReportAsync();
        var keys = new FakeKeySources(verifier: new PinnedVerifier("alias/tuner"));

        await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, "/nonexistent.pem") { KeyId = "alias/tuner" }, keys);

        Assert.Equal(["alias/tuner"], keys.ExpectedKeys);
        Assert.Empty(keys.Stacks);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Verify_ReportCopiedUnderAnotherRunId_ExitsMismatch()
    {
        // The report of run-2026-11-21, genuinely signed, now sitting in the folder of run-2026-11-28.
        var signer = await WriteSignedReportAsync();

        var exit = await InvokeAsync(ReportPath, "--public-key", signer.Key.PublicKeyPath, "--run-id", "run-2026-11-28");

        Assert.Equal(VerifyCommand.Mismatch, exit);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Verify_BoundRunIdEditedInTheSignatureFile_ExitsMismatch()
    {
        var signer = await WriteSignedReportAsync();
        var signature = await ReportSignatureFile.ReadAsync(SignaturePath);
        await ReportSignatureFile.WriteAsync(SignaturePath, signature with { RunId = "run-2026-11-28" });

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, new FileInfo(signer.Key.PublicKeyPath), "unused") { RunId = "run-2026-11-28" });

        Assert.Equal(VerifyCommand.Mismatch, exit);
    }

    [Fact]
    public async Task Verify_VersionOneSignature_VerifiesAndSaysTheRunIdComesFromTheReportBody()
    {
        var signer = await WriteSignedReportAsync();
        var bytes = await File.ReadAllBytesAsync(ReportPath);
        using var key = ECDsa.Create();
        key.ImportFromPem(await File.ReadAllTextAsync(KeyPath));
        var legacy = new ReportSignature(
            ReportSignatureFile.Algorithm,
            signer.Key.KeyId,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Convert.ToBase64String(key.SignHash(SHA256.HashData(bytes), DSASignatureFormat.Rfc3279DerSequence)),
            DateTimeOffset.UnixEpoch);
        await File.WriteAllTextAsync(SignaturePath, System.Text.Encoding.UTF8.GetString(ReportSignatureFile.Serialize(legacy))
            .Replace("\"schemaVersion\": 1,", string.Empty, StringComparison.Ordinal));

        var exit = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, signer.Key.PublicKeyPath) { RunId = RunId });
        var copied = await RunAsync(new VerifyCommand.VerifyOptions(new FileInfo(ReportPath), null, null, signer.Key.PublicKeyPath) { RunId = "run-2026-11-28" });

        Assert.True(exit == VerifyCommand.Verified, _error.ToString());
        Assert.Contains("version 1 signature", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(VerifyCommand.Mismatch, copied);
    }

    [Fact]
    public async Task Verify_TwoExpectedKeys_ExitsCannotVerify()
    {
        var signer = await WriteSignedReportAsync();

        var exit = await InvokeAsync(ReportPath, "--public-key", signer.Key.PublicKeyPath, "--key-id", "alias/tuner");

        Assert.Equal(VerifyCommand.CannotVerify, exit);
    }

    [Fact]
    public async Task Verify_MissingSignatureFile_ExitsCannotVerify()
    {
        await File.WriteAllTextAsync(ReportPath, "{}");

        var exit = await InvokeAsync(ReportPath, "--public-key", "/nonexistent.pem");

        Assert.Equal(VerifyCommand.CannotVerify, exit);
    }

    /// <summary>Stands in for a KMS verifier pinned to <paramref name="expectedKeyId"/>: true only for a signature naming it.</summary>
    private sealed class PinnedVerifier(string expectedKeyId) : IReportVerifier
    {
        public Task<bool> VerifyAsync(ReadOnlyMemory<byte> canonicalReport, ReportSignature signature, CancellationToken cancellationToken = default) =>
            Task.FromResult(string.Equals(signature.KeyId, expectedKeyId, StringComparison.Ordinal));
    }
}
