using Tuner.Aws.Signing;
using Tuner.Core.Ports;
using Tuner.Reports;

namespace Tuner.Cli.Deployed;

/// <summary>Copies <c>runs/&lt;runId&gt;/report.json</c>, <c>report.sig.json</c>, <c>report.html</c>,
/// <c>samples.csv</c> and <c>cleanup.json</c> from the bucket to a folder and verifies report.json's signature with the
/// expected key, bound to the run id it was fetched under.</summary>
public sealed class ReportDownloader
{
    /// <summary>What the run's Cleaner did to each target, written after the report (and not signed).</summary>
    public const string CleanupFile = "cleanup.json";

    private static readonly string[] _optionalFiles = ["report.html", "samples.csv", CleanupFile];
    private readonly IObjectStore _store;
    private readonly IReportVerifier _verifier;

    /// <summary>Reads from <paramref name="store"/> and checks with <paramref name="verifier"/> (pinned to the stack's key).</summary>
    public ReportDownloader(IObjectStore store, IReportVerifier verifier)
    {
        _store = store;
        _verifier = verifier;
    }

    /// <summary>The default folder: <c>./tuner-reports/&lt;runId&gt;/</c>.</summary>
    public static string DefaultDirectory(string runId) => Path.Combine(Environment.CurrentDirectory, LocalReports.DefaultDirectory, runId);

    /// <summary>Downloads and verifies; the files are written even when the signature does not verify.</summary>
    /// <exception cref="DeployedException">The run has no report.json or no report.sig.json in the bucket.</exception>
    public async Task<ReportDownload> DownloadAsync(string runId, string directory, CancellationToken cancellationToken)
    {
        var prefix = $"runs/{runId}/";
        var report = await _store.GetAsync(prefix + "report.json", cancellationToken).ConfigureAwait(false)
            ?? throw new DeployedException($"No report for run '{runId}' (s3 key {prefix}report.json): the run may still be going, may have failed, or the run id is wrong.");
        var signatureBytes = await _store.GetAsync(prefix + ReportSignatureFile.FileName, cancellationToken).ConfigureAwait(false)
            ?? throw new DeployedException($"Run '{runId}' has a report but no {ReportSignatureFile.FileName}: it cannot be trusted.");

        Directory.CreateDirectory(directory);
        var files = new List<string>();
        files.Add(await WriteAsync(directory, "report.json", report, cancellationToken).ConfigureAwait(false));
        files.Add(await WriteAsync(directory, ReportSignatureFile.FileName, signatureBytes, cancellationToken).ConfigureAwait(false));
        foreach (var name in _optionalFiles)
        {
            if (await _store.GetAsync(prefix + name, cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                files.Add(await WriteAsync(directory, name, bytes, cancellationToken).ConfigureAwait(false));
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
        return new ReportDownload(runId, directory, files, verdict);
    }

    private static async Task<string> WriteAsync(string directory, string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
