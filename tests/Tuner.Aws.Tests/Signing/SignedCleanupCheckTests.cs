using System.Text;
using Tuner.Aws.Signing;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Tests.Signing;

public sealed class SignedCleanupCheckTests : IDisposable
{
    private const string KeptReason = "$LATEST was changed by someone else after Tuner was done with it (revision r-5 → r-6: memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000); Tuner kept that change and did not restore its baseline";

    private static readonly byte[] Record = Encoding.UTF8.GetBytes(
        $$"""{"runId":"r1","targets":[{"function":"orders","outcome":"keptOwnersChange","reason":"{{KeptReason}}","deletedVersions":["orders:3"],"leftVersions":[]},{"function":"billing","outcome":"restored","deletedVersions":[],"leftVersions":[]}],"cleanedAt":"2026-12-01T11:05:00+00:00","ending":"succeeded"}""");

    private static readonly ReportBinding Cleanup = new("r1", "orders-weekly") { Record = ReportSignature.CleanupRecord };
    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    private LocalKeyReportSigner Signer() => new(LocalSigningKey.DefaultPath(_home.Path, "/nonexistent-home"));

    private static LocalKeyReportVerifier Verifier(LocalKeyReportSigner signer) => new(signer.Key.PublicKeyPem);

    [Fact]
    public async Task Check_SignedCleanupRecord_VerifiesAndNamesTheKeptOwnersChange()
    {
        var signer = Signer();
        var signature = ReportSignatureFile.Parse(ReportSignatureFile.Serialize(await signer.SignAsync(Record, Cleanup)));

        var verdict = await SignedCleanupCheck.CheckAsync(Verifier(signer), Record, signature, "r1");

        Assert.True(verdict.Valid, verdict.Problem);
        Assert.Equal("cleanup", signature.Record);
        Assert.Equal("r1", verdict.RunId);
        var kept = Assert.Single(verdict.KeptChanges);
        Assert.Equal(("orders", KeptReason), (kept.Function, kept.Reason));
    }

    [Fact]
    public void Statement_OfACleanupRecord_DiffersFromTheReportStatementOfTheSameDigest()
    {
        var report = Encoding.UTF8.GetString(SignedStatement.Bytes(2, null, "r1", "j", "k", "ab"));
        var cleanup = Encoding.UTF8.GetString(SignedStatement.Bytes(2, "cleanup", "r1", "j", "k", "ab"));

        Assert.Equal("""{"schemaVersion":2,"runId":"r1","job":"j","keyId":"k","reportSha256":"ab"}""", report);
        Assert.Equal("""{"schemaVersion":2,"record":"cleanup","runId":"r1","job":"j","keyId":"k","recordSha256":"ab"}""", cleanup);
    }

    [Fact]
    public async Task SignatureFile_OfAReport_HasNoRecordField()
    {
        var signature = await Signer().SignAsync(Record, new ReportBinding("r1", "orders-weekly"));

        Assert.DoesNotContain("record", Encoding.UTF8.GetString(ReportSignatureFile.Serialize(signature)), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Check_CleanupRecordChangedAfterSigning_Refused()
    {
        // "restored" instead of "keptOwnersChange": a record edited to hide that the owner's change was kept.
        var signer = Signer();
        var signature = await signer.SignAsync(Record, Cleanup);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Record).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));

        var verdict = await SignedCleanupCheck.CheckAsync(Verifier(signer), tampered, signature, "r1");

        Assert.False(verdict.Valid);
        Assert.Contains("changed after the Cleaner signed it", verdict.Problem, StringComparison.Ordinal);
        Assert.Empty(verdict.KeptChanges);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Check_RecordSignedByAnotherKey_Refused()
    {
        var signature = await Signer().SignAsync(Record, Cleanup);
        using var other = new TempDirectory();
        var otherSigner = new LocalKeyReportSigner(LocalSigningKey.DefaultPath(other.Path, "/nonexistent-home"));

        var verdict = await SignedCleanupCheck.CheckAsync(Verifier(otherSigner), Record, signature, "r1");

        Assert.False(verdict.Valid);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Check_ARecordKindSwapped_RefusedBothWays()
    {
        // A report signature with its record field set (or a cleanup signature with it removed) must not verify:
        // the record kind is part of what was signed.
        var signer = Signer();
        var reportSignature = await signer.SignAsync(Record, new ReportBinding("r1", "orders-weekly"));
        var cleanupSignature = await signer.SignAsync(Record, Cleanup);

        var asCleanup = await SignedCleanupCheck.CheckAsync(Verifier(signer), Record, reportSignature with { Record = ReportSignature.CleanupRecord }, "r1");
        var notACleanup = await SignedCleanupCheck.CheckAsync(Verifier(signer), Record, reportSignature, "r1");
        var asReport = await SignedReportCheck.CheckAsync(Verifier(signer), Record, cleanupSignature with { Record = null }, null, null);
        var cleanupAsReport = await SignedReportCheck.CheckAsync(Verifier(signer), Record, cleanupSignature, null, null);

        Assert.False(asCleanup.Valid);
        Assert.False(notACleanup.Valid);
        Assert.Contains("not of a cleanup record", notACleanup.Problem, StringComparison.Ordinal);
        Assert.False(asReport.Valid);
        Assert.False(cleanupAsReport.Valid);
        Assert.Contains("of a cleanup record, not of a report", cleanupAsReport.Problem, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Check_RecordOfAnotherRunCopiedUnderThisRunId_Refused()
    {
        var signer = Signer();
        var signature = await signer.SignAsync(Record, Cleanup);

        var verdict = await SignedCleanupCheck.CheckAsync(Verifier(signer), Record, signature, "r2");

        Assert.False(verdict.Valid);
        Assert.Contains("copied under another run id", verdict.Problem, StringComparison.Ordinal);
    }
}
