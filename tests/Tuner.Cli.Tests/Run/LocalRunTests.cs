using Tuner.Aws.Signing;
using Tuner.Cli.Commands;
using Tuner.Cli.Deployed;
using Tuner.Cli.Output;
using Tuner.Cli.Run;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.Contracts;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Run;

/// <summary>
/// What <see cref="LocalRun"/> does without engines: the history seeding (into an in-memory bucket) and its messages, the
/// finish over a bucket holding a signed report, and the exit codes.
/// </summary>
public sealed class LocalRunTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-localrun-");

    private string KeyPath => Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A local run's report, signed with <see cref="KeyPath"/>, in <c>folder/&lt;runId&gt;/report.json</c>.</summary>
    private async Task<(Tuner.Core.Reports.TuningReport Report, string Path)> WriteSignedLocalReportAsync(string folder)
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions { Local = true });
        return (report, await ReportFiles.WriteAsync(Path.Combine(folder, report.Run.RunId), report, KeyPath));
    }

    [Fact]
    public async Task SeedHistoryAsync_NoLocalKey_SaysFirstRunAndNeverOpensTheBucket()
    {
        var console = new TextConsole();
        var keyPath = Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);

        await LocalRun.SeedHistoryAsync(console.Console, () => throw new InvalidOperationException("bucket opened"), "orders", _folder.FullName, keyPath, CancellationToken.None);

        Assert.Contains("Week to week: no local signing key yet", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedHistoryAsync_NoReportOfTheJob_SaysNothingToCompareWithAndNeverOpensTheBucket()
    {
        var console = new TextConsole();
        var keyPath = Path.Combine(_folder.FullName, "keys", LocalSigningKey.PrivateKeyFileName);
        _ = new LocalKeyReportSigner(keyPath);
        LocalSigningKey.LoadOrCreate(keyPath);

        await LocalRun.SeedHistoryAsync(console.Console, () => throw new InvalidOperationException("bucket opened"), "orders", Path.Combine(_folder.FullName, "reports"), keyPath, CancellationToken.None);

        Assert.Contains("Week to week: no verified report of job orders", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeedHistoryAsync_SignedReportOfTheJob_PutsItsExactBytesAndSignatureWhereTheReducerLooksAndNamesTheRun()
    {
        var console = new TextConsole();
        var reports = Path.Combine(_folder.FullName, "reports");
        var (report, path) = await WriteSignedLocalReportAsync(reports);
        var bucket = new InMemoryObjectStore();

        await LocalRun.SeedHistoryAsync(console.Console, () => bucket, report.Run.Job, reports, KeyPath, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(path), bucket.Objects[BucketKeys.Latest(report.Run.Job)]);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(path)!, BucketKeys.SignatureFile)), bucket.Objects[BucketKeys.Signature(report.Run.RunId)]);
        Assert.Contains($"Week to week: compared with run {report.Run.RunId}", console.Output, StringComparison.Ordinal);
        Assert.Contains("signature verified", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinishAsync_SignedReportInTheBucket_CopiesItSaysVerifiedAndWritesASucceededJsonDocument()
    {
        var console = new TextConsole();
        var (report, written) = await WriteSignedLocalReportAsync(Path.Combine(_folder.FullName, "written"));
        var bucket = new InMemoryObjectStore();
        bucket.Objects[BucketKeys.Report(report.Run.RunId)] = await File.ReadAllBytesAsync(written);
        bucket.Objects[BucketKeys.Signature(report.Run.RunId)] = await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(written)!, BucketKeys.SignatureFile));
        var downloader = new ReportDownloader(bucket, LocalKeyReportVerifier.FromFile(LocalSigningKey.PublicKeyPathFor(KeyPath)));
        var output = Path.Combine(_folder.FullName, "out");
        var settings = new RunCommand.RunSettings(new FileInfo("request.json"), null, new DirectoryInfo(output), EnforceLimits: false, Json: true);
        using var json = new StringWriter();

        var exit = await LocalRun.FinishAsync(console.Console, json, downloader, report.Run.RunId, settings, CancellationToken.None);

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Equal(await File.ReadAllBytesAsync(written), await File.ReadAllBytesAsync(Path.Combine(output, BucketKeys.ReportFile)));
        Assert.Contains("Signature verified", console.Output, StringComparison.Ordinal);
        OutputSchema.AssertValid(json.ToString());
        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal("SUCCEEDED", document.RootElement.GetProperty("status").GetString());
        Assert.True(document.RootElement.GetProperty("verified").GetBoolean());
    }

    [Theory]
    [InlineData(true, false, 3, 0)]
    [InlineData(true, true, 0, 0)]
    [InlineData(true, true, 2, 7)]
    [InlineData(false, true, 2, 1)]
    [InlineData(false, false, 0, 1)]
    public void ExitCode_VerdictAndAlerts_AreTheRunsExitCode(bool verified, bool failOnAlert, int alerts, int expected) =>
        Assert.Equal(expected, LocalRun.ExitCode(verified, failOnAlert, alerts));

    [Theory]
    [InlineData(null, "(no cause)")]
    [InlineData("", "(no cause)")]
    [InlineData("TimeoutException: too slow", "TimeoutException: too slow")]
    [InlineData("""{"errorType":"X","errorMessage":"the target failed"}""", "the target failed")]
    public void DescribeCause_Cause_IsWhatAPersonReads(string? cause, string expected) =>
        Assert.Equal(expected, LocalRun.DescribeCause(cause));
}
