using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Reports;

namespace Tuner.Cli.Run;

/// <summary>
/// Week to week for local runs. Each local run starts with an empty bucket, so before it starts, the job's newest report
/// in the reports folder whose signature verifies with the local key is put where the Reducer looks on AWS
/// (<see cref="BucketKeys.Latest"/>, its exact bytes, and <see cref="BucketKeys.Signature"/>): the Reducer then
/// verifies it again and compares exactly as on AWS. A report that does not verify, is unsigned or was measured on AWS is
/// never used as the previous one; each one skipped is said in <see cref="Previous.Skipped"/>.
/// </summary>
internal static class LocalHistory
{
    /// <summary>The report chosen (null when none qualifies) and why each newer one was skipped.</summary>
    public sealed record Previous(LocalReport? Report, byte[]? ReportBytes, byte[]? SignatureBytes, IReadOnlyList<string> Skipped);

    /// <summary>The job's newest local report under <paramref name="reportsDirectory"/> whose signature <paramref name="verifier"/> accepts.</summary>
    public static async Task<Previous> FindAsync(string reportsDirectory, string job, IReportVerifier verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var skipped = new List<string>();
        var runs = LocalReports.History(reportsDirectory, job, out var unreadable);
        skipped.AddRange(unreadable.Select(p => $"{p} (unreadable)"));
        foreach (var run in runs)
        {
            if (run.Report.Run.Mode != RunMode.Local)
            {
                skipped.Add($"{run.Path}: run {run.Report.Run.RunId} was measured on AWS, not comparable with a local run");
                continue;
            }

            var signaturePath = Path.Combine(Path.GetDirectoryName(run.Path)!, BucketKeys.SignatureFile);
            if (!run.HasSignatureFile)
            {
                skipped.Add($"{run.Path}: no {BucketKeys.SignatureFile} beside it, so it cannot be verified and is not used");
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(run.Path, cancellationToken).ConfigureAwait(false);
            var signatureBytes = await File.ReadAllBytesAsync(signaturePath, cancellationToken).ConfigureAwait(false);
            bool verified;
            try
            {
                verified = await verifier.VerifyAsync(bytes, ReportSignatureFile.Parse(signatureBytes), cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                skipped.Add($"{run.Path}: its signature file is unreadable ({e.Message}), so it is not used");
                continue;
            }

            if (!verified)
            {
                skipped.Add($"{run.Path}: its signature does not verify with the local key (changed after signing, or signed by another key), so it is not used");
                continue;
            }

            return new Previous(run, bytes, signatureBytes, skipped);
        }

        return new Previous(null, null, null, skipped);
    }

    /// <summary>Puts the chosen report where the Reducer reads the job's previous report.</summary>
    public static async Task SeedAsync(IObjectStore bucket, string job, Previous previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Report is null)
        {
            return;
        }

        var runId = previous.Report.Report.Run.RunId;
        await bucket.PutAsync(BucketKeys.Signature(runId), previous.SignatureBytes!, "application/json", cancellationToken).ConfigureAwait(false);
        await bucket.PutAsync(BucketKeys.Latest(job), previous.ReportBytes!, "application/json", cancellationToken).ConfigureAwait(false);
    }
}
