using System.Security.Cryptography;
using Tuner.Aws.Signing;
using Tuner.Cli.Cleanup;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Contracts;

namespace Tuner.Cli.Tests.Cleanup;

/// <summary>
/// The Cleaner's record beside a report, checked before it is shown: where no key is at hand (a KMS key, another
/// machine's local key) what can be checked without one still is, and a record that fails is never trusted.
/// </summary>
public sealed class CleanupBesideTests : IDisposable
{
    private const string RunId = "run-2026-12-02";
    private readonly string _folder = Directory.CreateTempSubdirectory("tuner-cleanup-beside-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CleanupBeside.VerifierFor NoKey => (_, _) => Task.FromResult<(Tuner.Core.Ports.IReportVerifier, string)?>(null);

    /// <summary>cleanup.json and a KMS-looking signature whose digest matches (its ECDSA signature cannot be checked here).</summary>
    private async Task WriteKmsSignedAsync(string signedRunId, string? record = "cleanup")
    {
        var bytes = Tuner.Core.Serialization.TunerJson.Serialize(ReportFiles.KeptOwnersChange(RunId));
        await File.WriteAllBytesAsync(Path.Combine(_folder, BucketKeys.CleanupFile), bytes);
        await ReportSignatureFile.WriteAsync(
            Path.Combine(_folder, BucketKeys.CleanupSignatureFile),
            new ReportSignature("ECDSA_SHA_256", "arn:aws:kms:us-east-1:111122223333:key/cleanup", Convert.ToHexStringLower(SHA256.HashData(bytes)), "AAAA", DateTimeOffset.UnixEpoch)
            {
                SchemaVersion = ReportSignature.BoundVersion,
                RunId = signedRunId,
                Job = "orders-weekly",
                Record = record,
            });
    }

    [Fact]
    public async Task ReadAsync_NoRecord_Null()
    {
        Assert.Null(await CleanupBeside.ReadAsync(_folder, RunId, NoKey, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_KmsSignedRecordOfThisRun_TrustedButNotVerifiedHereAndSaysHowToCheckIt()
    {
        await WriteKmsSignedAsync(RunId);

        var cleanup = await CleanupBeside.ReadAsync(_folder, RunId, NoKey, CancellationToken.None);

        Assert.NotNull(cleanup);
        Assert.True(cleanup.Trusted);
        Assert.Null(cleanup.Verified);
        Assert.Contains("tuner verify " + Path.Combine(_folder, BucketKeys.CleanupFile), cleanup.CheckedWith, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Category", "Security")]
    [InlineData("run-other", "cleanup", "not of this report's run")]
    [InlineData(RunId, null, "not of a cleanup record")]
    public async Task ReadAsync_KmsSignatureOfAnotherRunOrOfAReport_NotTrusted(string signedRunId, string? record, string problem)
    {
        await WriteKmsSignedAsync(signedRunId, record);

        var cleanup = await CleanupBeside.ReadAsync(_folder, RunId, NoKey, CancellationToken.None);

        Assert.NotNull(cleanup);
        Assert.False(cleanup.Trusted);
        Assert.Contains(problem, cleanup.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalKey_AnotherMachinesLocalKey_NotJudgedHere()
    {
        var home = Path.Combine(_folder, "home");
        var theirs = Path.Combine(_folder, "theirs", LocalSigningKey.PrivateKeyFileName);
        var ours = Path.Combine(home, LocalSigningKey.PrivateKeyFileName);
        _ = new LocalKeyReportSigner(ours).Key;
        await ReportFiles.WriteCleanupAsync(_folder, ReportFiles.KeptOwnersChange(RunId), "orders-weekly", theirs);

        var cleanup = await CleanupBeside.ReadAsync(_folder, RunId, CleanupBeside.LocalKey(LocalSigningKey.PublicKeyPathFor(ours)), CancellationToken.None);

        Assert.NotNull(cleanup);
        Assert.True(cleanup.Trusted);
        Assert.Null(cleanup.Verified);
    }
}
