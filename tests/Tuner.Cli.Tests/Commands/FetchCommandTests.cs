using System.Net;
using Tuner.Cli.Commands;
using Tuner.Cli.Tests.TestHelpers;

namespace Tuner.Cli.Tests.Commands;

public sealed class FetchCommandTests : IDisposable
{
    private readonly FakeDeployment _aws = new();

    public void Dispose() => _aws.Dispose();

    private Task<int> FetchAsync(string runId) =>
        FetchCommand.Create(_aws.Connect, _aws.Console).Parse(["fetch", runId, "--out", _aws.OutDirectory]).InvokeAsync();

    [Fact]
    public async Task Fetch_SignedReport_WritesFilesAndVerifiesWithKmsPublicKey()
    {
        var report = _aws.WithStack().WithSignedReport("run-7");

        var exit = await FetchAsync("run-7");

        Assert.True(exit == 0, _aws.Output);
        Assert.Equal(report, File.ReadAllBytes(Path.Combine(_aws.OutDirectory, "report.json")));
        var kms = Assert.Single(_aws.Handler.Requests, r => r.Operation == "GetPublicKey");
        Assert.Contains(FakeDeployment.KeyId, kms.Body, StringComparison.Ordinal);
        Assert.Contains("Signature verified", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("bound to run 'run-7'", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RunWithACleanupRecord_DownloadsItAndPrintsEachTargetsOutcome()
    {
        _aws.WithStack().WithSignedReport("run-7");
        _aws.Handler.On($"GET /{FakeDeployment.Bucket}/runs/run-7/cleanup.json", _ => FakeAwsHttpHandler.Bytes(System.Text.Encoding.UTF8.GetBytes(
            """{"runId":"run-7","targets":[{"function":"orders-ingest","outcome":"keptOwnersChange","reason":"memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000; Tuner kept that change","deletedVersions":["orders-ingest:3"],"leftVersions":[]}]}""")));

        var exit = await FetchAsync("run-7");

        Assert.True(exit == 0, _aws.Output);
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "cleanup.json")));
        Assert.Contains("orders-ingest: keptOwnersChange — memory 512 → 2048 MB", _aws.Output, StringComparison.Ordinal);
    }

    private const string KeptRecord =
        """{"runId":"run-7","targets":[{"function":"orders-ingest","outcome":"keptOwnersChange","reason":"$LATEST was changed by someone else after Tuner was done with it (revision r-5 → r-6: memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000); Tuner kept that change and did not restore its baseline","deletedVersions":["orders-ingest:3"],"leftVersions":[]}],"cleanedAt":"2026-12-01T11:05:00+00:00","ending":"succeeded"}""";

    [Fact]
    public async Task Fetch_SignedCleanupRecord_VerifiedWithTheCleanupKeyAndTheKeptOwnersChangePrinted()
    {
        _aws.WithStack(withCleanupKey: true).WithSignedReport("run-7");
        _aws.WithCleanupRecord("run-7", KeptRecord);

        var exit = await FetchAsync("run-7");

        Assert.True(exit == 0, _aws.Output);
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "cleanup.sig.json")));
        Assert.Contains($"Cleanup record verified (cleanup.sig.json, ECDSA_SHA_256): signed by the Cleaner's key {FakeDeployment.CleanupKeyArn}, bound to run 'run-7'", _aws.Output, StringComparison.Ordinal);
        Assert.Contains("owner's later change kept: orders-ingest: $LATEST was changed by someone else after Tuner was done with it (revision r-5 → r-6: memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000); Tuner kept that change", _aws.Output, StringComparison.Ordinal);
        Assert.Contains(_aws.Handler.Requests, r => r.Operation == "GetPublicKey" && r.Body.Contains(FakeDeployment.CleanupKeyId, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Fetch_CleanupRecordChangedAfterSigning_ExitsNonZeroAndPrintsNoKeptChange()
    {
        // The record edited to say "restored" where the Cleaner kept the owner's change.
        _aws.WithStack(withCleanupKey: true).WithSignedReport("run-7");
        _aws.WithCleanupRecord("run-7", KeptRecord, storedRecord: KeptRecord.Replace("keptOwnersChange", "restored", StringComparison.Ordinal));

        var exit = await FetchAsync("run-7");

        Assert.Equal(1, exit);
        Assert.Contains("cleanup.json does NOT verify", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Cleanup record verified", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("owner's later change kept", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Fetch_UnsignedCleanupRecordFromAStackWhoseCleanerSigns_ExitsNonZero()
    {
        _aws.WithStack(withCleanupKey: true).WithSignedReport("run-7");
        _aws.WithCleanupRecord("run-7", KeptRecord, withSignature: false);

        var exit = await FetchAsync("run-7");

        Assert.Equal(1, exit);
        Assert.Contains("has no cleanup.sig.json, though stack Tuner's Cleaner signs every record", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Fetch_ReportSignedByAnotherReadableKmsKey_ExitsNonZero()
    {
        // Before: the verifier fetched the public key of whichever key the signature named and only printed a note.
        const string attackerArn = "arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555";
        var attacker = _aws.AddForeignKey(attackerArn);
        _aws.WithStack().WithSignedReport("run-7", signedBy: (attackerArn, attacker));

        var exit = await FetchAsync("run-7");

        Assert.Equal(1, exit);
        Assert.Contains("does NOT verify", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature verified", _aws.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_aws.Handler.Requests, r => r.Operation == "GetPublicKey" && r.Body.Contains(attackerArn, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Fetch_SignatureNamingAnAliasArnThatContainsTheStackKeyId_ExitsNonZero()
    {
        // Before: "alias/<stack key id>" in another account passed the Contains check and its key verified the report.
        var aliasArn = "arn:aws:kms:us-east-1:999999999999:alias/" + FakeDeployment.KeyId;
        var attacker = _aws.AddForeignKey("arn:aws:kms:us-east-1:999999999999:key/99999999-8888-7777-6666-555555555555", aliasArn);
        _aws.WithStack().WithSignedReport("run-7", signedBy: (aliasArn, attacker));

        var exit = await FetchAsync("run-7");

        Assert.Equal(1, exit);
        Assert.Contains("does NOT verify", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Fetch_ReportOfAnotherRunCopiedUnderThisRunId_ExitsNonZero()
    {
        // An old, genuinely signed report of run-1 copied to runs/run-7/: bytes and signature intact.
        _aws.WithStack().WithSignedReport("run-7", reportOfRun: "run-1");

        var exit = await FetchAsync("run-7");

        Assert.Equal(1, exit);
        Assert.Contains("copied under another run id", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_NoReport_ExitsSayingSo()
    {
        _aws.WithStack();

        var exit = await FetchAsync("run-404");

        Assert.Equal(4, exit);
        Assert.Contains("No report for run 'run-404'", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_S3AccessDenied_ExitsWithAccessDeniedAndTheReaderPolicyHint()
    {
        _aws.WithStack();
        _aws.Handler.On($"GET /{FakeDeployment.Bucket}/runs/run-1/report.json", _ => FakeAwsHttpHandler.Xml(
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>r</RequestId></Error>", HttpStatusCode.Forbidden));

        var exit = await FetchAsync("run-1");

        Assert.Equal(5, exit);
        Assert.Contains("ReportReaderPolicyArn", _aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_StackRollingBack_ExitsWithStackState()
    {
        _aws.WithStack(status: "ROLLBACK_COMPLETE");

        var exit = await FetchAsync("run-1");

        Assert.Equal(4, exit);
        Assert.Contains("ROLLBACK_COMPLETE", _aws.Output, StringComparison.Ordinal);
    }
}
