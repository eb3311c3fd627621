using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Contracts;
using Tuner.Core.Reports;
using Tuner.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Commands;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tuner-report-tests-" + Guid.NewGuid().ToString("N"));
    private readonly TextConsole _console = new();
    private readonly StringWriter _error = new();

    public ReportCommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RunAsync_StagedReport_PrintsReasonOneLinePerStageAaCheckAndConfirmation()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Staged = true, FailedCells = 1 });
        var decision = report.Targets[0].Decision!;
        var path = Path.Combine(_directory, "report.json");
        await File.WriteAllBytesAsync(path, CanonicalJson.Serialize(report));

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _directory, false, false), _console.Console, _error, _ => false, CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        var lines = _console.Lines;
        Assert.Contains("  Why: " + ReportText.DecisionReason(decision), lines);
        Assert.Contains("  stage 1 first pass: 31 cells × 4 samples", lines);
        Assert.Contains("  stage 2 narrowing: 13 cells × 8 samples, 18 dropped", lines);
        Assert.Contains($"  stage 5 confirmation: {decision.Confirmation!.Challenger} vs t0-baseline × 50 fresh samples, 1 dropped", lines);
        Assert.Equal(decision.Stages.Count, lines.Count(l => l.StartsWith("  stage ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("  A/A check passed: current mean duration −1.2% (99% interval −4.1% to +1.7%)", StringComparison.Ordinal));
        Assert.Contains("  " + ComparisonText.Confirmation(decision.Confirmation), lines);
        Assert.Contains(lines, l => l.Contains("cost −", StringComparison.Ordinal) && l.Contains("paired)", StringComparison.Ordinal));
        Assert.Contains("  " + ReportText.Invocations(decision), lines);
    }

    [Fact]
    public async Task RunAsync_SignedV1Report_PrintsWithoutDecisionWritesHtmlAndStillVerifies()
    {
        var path = Path.Combine(_directory, "report.json");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "report-v1.json"), path);
        var keyPath = Path.Combine(_directory, "keys", LocalSigningKey.PrivateKeyFileName);
        var bytes = await File.ReadAllBytesAsync(path);
        var run = TuningReport.Parse(bytes).Run;
        var signature = await new LocalKeyReportSigner(keyPath).SignAsync(bytes, new Tuner.Core.Ports.ReportBinding(run.RunId, run.Job));
        await ReportSignatureFile.WriteAsync(Path.Combine(_directory, "report.sig.json"), signature);

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _directory, true, false), _console.Console, _error, _ => false, CancellationToken.None);
        using var verifyOut = new StringWriter();
        var verified = await VerifyCommand.RunAsync(
            new VerifyCommand.VerifyOptions(new FileInfo(path), null, new FileInfo(LocalSigningKey.PublicKeyPathFor(keyPath)), "unused"),
            new FakeKeySources(),
            verifyOut,
            _error,
            CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        Assert.Contains("Switch orders-ingest from 1024 MB", _console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Why: ", _console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("  stage ", _console.Output, StringComparison.Ordinal);
        Assert.Contains("Signed with key " + signature.KeyId, _console.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(_directory, "report.html"));
        Assert.DoesNotContain("class=\"decision\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"recommendation switch\"", html, StringComparison.Ordinal);
        Assert.Equal(VerifyCommand.Verified, verified);
    }

    private string KeyPath => Path.Combine(_directory, "home", "keys", LocalSigningKey.PrivateKeyFileName);

    private string PublicKeyPath => LocalSigningKey.PublicKeyPathFor(KeyPath);

    private async Task<string> WriteRunWithCleanupAsync(bool signCleanup = true)
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var path = await ReportFiles.WriteAsync(Path.Combine(_directory, report.Run.RunId), report, KeyPath);
        await ReportFiles.WriteCleanupAsync(Path.GetDirectoryName(path)!, ReportFiles.KeptOwnersChange(report.Run.RunId), report.Run.Job, signCleanup ? KeyPath : null);
        return path;
    }

    [Fact]
    public async Task RunAsync_CleanupKeptAnOwnersChange_SaysPerTargetWhatChangedWhenSeenAndThatItWasKeptVerifiedWithTheLocalKey()
    {
        // Before: tuner report showed only report.json, signed before the Cleaner ran, so the kept change was not told.
        var path = await WriteRunWithCleanupAsync();

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _directory, true, false) { PublicKeyPath = PublicKeyPath }, _console.Console, _error, _ => false, CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        var lines = _console.Lines;
        Assert.Contains(lines, l => l.StartsWith("Cleanup record verified (cleanup.sig.json, key local:", StringComparison.Ordinal) && l.Contains("with the local public key " + PublicKeyPath, StringComparison.Ordinal));
        Assert.Contains(
            "owner's later change kept: orders-ingest: $LATEST was changed by someone else during the run (memory 512 → 2048 MB, environment variables changed TABLE, last modified 2026-12-02T06:00:00.000+0000); Tuner kept that change and did not restore its baseline [changed: memory, environment; seen by the Cleaner 2026-12-02 06:01:02 UTC; kept, not restored]",
            lines);
        Assert.Contains("  payments-ingest: restored to its baseline", lines);
        // report.html, rendered here with the record: the same, in its "After this report" section.
        var html = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.HtmlFile));
        Assert.Contains("data-cleanup=\"verified\"", html, StringComparison.Ordinal);
        Assert.Contains("data-function=\"orders-ingest\" data-kept=\"True\"", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("memory, environment", html, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task RunAsync_CleanupRecordChangedAfterSigning_SaysItDoesNotVerifyAndTellsNoTarget()
    {
        var path = await WriteRunWithCleanupAsync();
        var record = Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.CleanupFile);
        // Someone makes the record say the owner's change was restored.
        await File.WriteAllTextAsync(record, (await File.ReadAllTextAsync(record)).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _directory, true, false) { PublicKeyPath = PublicKeyPath }, _console.Console, _error, _ => false, CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        Assert.Contains(_console.Lines, l => l.StartsWith("cleanup.json beside the report does NOT verify: its SHA-256 is ", StringComparison.Ordinal) && l.EndsWith("— do not trust what it says.", StringComparison.Ordinal));
        Assert.DoesNotContain("orders-ingest: restored", _console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("owner's later change kept", _console.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.HtmlFile));
        Assert.Contains("data-cleanup=\"untrusted\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-function=\"orders-ingest\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RunWithoutCleanupRecord_ShowsNoCleanerSectionAndTheHtmlSaysWhereTheRecordWouldBe()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var path = await ReportFiles.WriteAsync(Path.Combine(_directory, "old"), report, KeyPath);

        var exit = await ReportCommand.RunAsync(new ReportCommand.ReportOptions(path, _directory, true, false) { PublicKeyPath = PublicKeyPath }, _console.Console, _error, _ => false, CancellationToken.None);

        Assert.True(exit == 0, _error.ToString());
        Assert.DoesNotContain("After this report", _console.Output, StringComparison.Ordinal);
        Assert.Contains("Signed with key local:", _console.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.HtmlFile));
        Assert.Contains("data-cleanup=\"pending\"", html, StringComparison.Ordinal);
    }
}
