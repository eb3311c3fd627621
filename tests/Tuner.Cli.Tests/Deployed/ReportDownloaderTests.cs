using System.Text;
using Tuner.Aws.Signing;
using Tuner.Cli.Deployed;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Cli.Tests.Deployed;

/// <summary>What <c>tuner run</c> (local key for both) and <c>tuner fetch</c> read of a run: the report and the Cleaner's signed record.</summary>
public sealed class ReportDownloaderTests : IDisposable
{
    private const string RunId = "run-9";
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tuner-download-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly Dictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<LocalKeyReportSigner> StoreRunAsync(bool cleanupSigned = true)
    {
        var signer = new LocalKeyReportSigner(Path.Combine(_folder, "keys", LocalSigningKey.PrivateKeyFileName));
        var report = CanonicalJson.Serialize(SyntheticReport.Create(new SyntheticReportOptions { RunId = RunId, Job = "orders" }));
        _objects[BucketKeys.Report(RunId)] = report;
        _objects[BucketKeys.Signature(RunId)] = ReportSignatureFile.Serialize(await signer.SignAsync(report, new ReportBinding(RunId, "orders")));
        var record = Encoding.UTF8.GetBytes(
            $$"""{"runId":"{{RunId}}","targets":[{"function":"orders-ingest","outcome":"keptOwnersChange","reason":"memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000; Tuner kept that change","deletedVersions":[],"leftVersions":[]}]}""");
        _objects[BucketKeys.Cleanup(RunId)] = record;
        if (cleanupSigned)
        {
            _objects[BucketKeys.CleanupSignature(RunId)] = ReportSignatureFile.Serialize(
                await signer.SignAsync(record, new ReportBinding(RunId, "orders") { Record = ReportSignature.CleanupRecord }));
        }

        return signer;
    }

    private ReportDownloader Downloader(LocalKeyReportSigner signer)
    {
        var verifier = new LocalKeyReportVerifier(signer.Key.PublicKeyPem);
        return new ReportDownloader(new Store(_objects), verifier, verifier);
    }

    [Fact]
    public async Task Download_LocalRunWithASignedCleanupRecord_BothVerifyWithTheLocalKeyAndTheKeptChangeIsNamed()
    {
        var signer = await StoreRunAsync();

        var download = await Downloader(signer).DownloadAsync(RunId, Path.Combine(_folder, "out"), CancellationToken.None);

        Assert.True(download.SignatureValid, download.Verdict.Problem);
        Assert.Equal(CleanupRecordState.Checked, download.Cleanup);
        Assert.True(download.CleanupVerdict!.Valid, download.CleanupVerdict.Problem);
        var kept = Assert.Single(download.CleanupVerdict.KeptChanges);
        Assert.Equal("orders-ingest", kept.Function);
        Assert.Contains("memory 512 → 2048 MB, last modified 2026-12-01T11:00:00.000+0000", kept.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "out", BucketKeys.CleanupSignatureFile)));
    }

    [Fact]
    [Trait("Category", "Security")]
    public async Task Download_CleanupRecordChangedInTheBucket_CleanupRefusedReportStillVerified()
    {
        var signer = await StoreRunAsync();
        _objects[BucketKeys.Cleanup(RunId)] = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_objects[BucketKeys.Cleanup(RunId)]).Replace("keptOwnersChange", "restored", StringComparison.Ordinal));

        var download = await Downloader(signer).DownloadAsync(RunId, Path.Combine(_folder, "out"), CancellationToken.None);

        Assert.True(download.SignatureValid);
        Assert.False(download.CleanupVerdict!.Valid);
        Assert.Empty(download.CleanupVerdict.KeptChanges);
    }

    [Fact]
    public async Task Download_CleanupRecordWithoutSignature_SaysSo()
    {
        var signer = await StoreRunAsync(cleanupSigned: false);

        var download = await Downloader(signer).DownloadAsync(RunId, Path.Combine(_folder, "out"), CancellationToken.None);

        Assert.Equal(CleanupRecordState.NotSigned, download.Cleanup);
        Assert.Null(download.CleanupVerdict);
    }

    private sealed class Store(Dictionary<string, byte[]> objects) : IObjectStore
    {
        public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(objects.GetValueOrDefault(key));

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<StoredObject?> GetWithETagAsync(string key, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ConditionalWriteResult> PutIfAsync(string key, ReadOnlyMemory<byte> content, string contentType, WriteCondition condition, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ConditionalWriteResult> DeleteIfMatchAsync(string key, string etag, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
