using Tuner.Aws.Signing;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Reports;

namespace Tuner.Cli.Deployed;

/// <summary>Copies a run's <see cref="BucketKeys.ReportFiles"/>, <see cref="BucketKeys.CleanupFile"/> and
/// <see cref="BucketKeys.CleanupSignatureFile"/> (with its rendering <see cref="BucketKeys.CleanupHtmlFile"/>) from the bucket to a folder and verifies
/// report.json's signature with the expected key, and cleanup.json's with the Cleaner's key, each bound to the run id it
/// was fetched under.</summary>
public sealed class ReportDownloader
{
    private static readonly string[] _optionalFiles = [BucketKeys.HtmlFile, BucketKeys.CsvFile, BucketKeys.CleanupFile, BucketKeys.CleanupSignatureFile, BucketKeys.CleanupHtmlFile];
    private readonly IObjectStore _store;
    private readonly IReportVerifier _verifier;
    private readonly IReportVerifier? _cleanupVerifier;

    /// <summary>Reads from <paramref name="store"/> and checks with <paramref name="verifier"/> (pinned to the stack's key)
    /// and, for cleanup.json, <paramref name="cleanupVerifier"/> (pinned to the stack's cleanup key; null: none known).</summary>
    public ReportDownloader(IObjectStore store, IReportVerifier verifier, IReportVerifier? cleanupVerifier = null)
    {
        _store = store;
        _verifier = verifier;
        _cleanupVerifier = cleanupVerifier;
    }

    /// <summary>The default folder: <c>./tuner-reports/&lt;runId&gt;/</c>.</summary>
    public static string DefaultDirectory(string runId) => Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory, runId);

    /// <summary>Downloads and verifies; the files are written even when the signature does not verify.</summary>
    /// <exception cref="DeployedException">The run has no report.json or no report.sig.json in the bucket.</exception>
    public async Task<ReportDownload> DownloadAsync(string runId, string directory, CancellationToken cancellationToken)
    {
        var report = await _store.GetAsync(BucketKeys.Report(runId), cancellationToken).ConfigureAwait(false)
            ?? throw new DeployedException($"No report for run '{runId}' (s3 key {BucketKeys.Report(runId)}): the run may still be going, may have failed, or the run id is wrong.");
        var signatureBytes = await _store.GetAsync(BucketKeys.Signature(runId), cancellationToken).ConfigureAwait(false)
            ?? throw new DeployedException($"Run '{runId}' has a report but no {ReportSignatureFile.FileName}: it cannot be trusted.");

        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var downloaded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        files.Add(await WriteAsync(directory, BucketKeys.ReportFile, report, cancellationToken).ConfigureAwait(false));
        files.Add(await WriteAsync(directory, ReportSignatureFile.FileName, signatureBytes, cancellationToken).ConfigureAwait(false));
        foreach (var name in _optionalFiles)
        {
            if (await _store.GetAsync(BucketKeys.RunFile(runId, name), cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                files.Add(await WriteAsync(directory, name, bytes, cancellationToken).ConfigureAwait(false));
                downloaded[name] = bytes;
            }
        }

        ReportSignature signature;
        try
        {
            signature = ReportSignatureFile.Parse(signatureBytes);
        }
        catch (FormatException e)
        {
            throw new DeployedException($"Run '{runId}': {e.Message}", e);
        }

        var verdict = await SignedReportCheck.CheckAsync(_verifier, report, signature, runId, expectedJob: null, cancellationToken).ConfigureAwait(false);
        var (state, cleanup) = await CheckCleanupAsync(runId, downloaded, cancellationToken).ConfigureAwait(false);
        return new ReportDownload(runId, directory, files, verdict) { Cleanup = state, CleanupVerdict = cleanup };
    }

    private async Task<(CleanupRecordState State, CleanupVerdict? Verdict)> CheckCleanupAsync(string runId, Dictionary<string, byte[]> downloaded, CancellationToken cancellationToken)
    {
        if (!downloaded.TryGetValue(BucketKeys.CleanupFile, out var record))
        {
            return (CleanupRecordState.Absent, null);
        }

        if (!downloaded.TryGetValue(BucketKeys.CleanupSignatureFile, out var signatureBytes))
        {
            return (CleanupRecordState.NotSigned, null);
        }

        if (_cleanupVerifier is null)
        {
            return (CleanupRecordState.NoKey, null);
        }

        ReportSignature signature;
        try
        {
            signature = ReportSignatureFile.Parse(signatureBytes);
        }
        catch (FormatException e)
        {
            return (CleanupRecordState.Checked, new CleanupVerdict(false, $"{BucketKeys.CleanupSignatureFile} cannot be read: {e.Message}", string.Empty, string.Empty, []));
        }

        return (CleanupRecordState.Checked, await SignedCleanupCheck.CheckAsync(_cleanupVerifier, record, signature, runId, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<string> WriteAsync(string directory, string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
