using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;

namespace Tuner.Aws.Signing;

/// <summary>
/// The whole check of a report and its <c>report.sig.json</c>, shared by <c>tuner verify</c>, <c>tuner fetch</c> and the
/// Reducer (the job's previous report): the signature verifies with the pinned <see cref="IReportVerifier"/>, the run id
/// and job it binds are the ones the signed report names, and they are the run and job the caller expects (the run id
/// the report was fetched under, the job whose latest report it claims to be). A report copied under another run id
/// or job fails even though its bytes and signature are intact.
/// </summary>
public static class SignedReportCheck
{
    /// <summary>Checks <paramref name="report"/>; <paramref name="expectedRunId"/>/<paramref name="expectedJob"/> null: not
    /// compared (the verdict names the run and job the signed report is of).</summary>
    public static async Task<ReportVerdict> CheckAsync(
        IReportVerifier verifier,
        ReadOnlyMemory<byte> report,
        ReportSignature signature,
        string? expectedRunId,
        string? expectedJob,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Record is { } record)
        {
            return ReportVerdict.Fails(signature, $"the signature is of a {record} record, not of a report");
        }

        if (!await verifier.VerifyAsync(report, signature, cancellationToken).ConfigureAwait(false))
        {
            return ReportVerdict.Fails(signature, $"the signature is not a valid signature of these bytes by the expected key (it names key {signature.KeyId})");
        }

        RunMetadata run;
        try
        {
            run = TuningReport.Parse(report.Span).Run;
        }
        catch (JsonException e)
        {
            return ReportVerdict.Fails(signature, "the signed bytes are not a Tuner report: " + e.Message);
        }

        if (signature.IsBound && (!string.Equals(signature.RunId, run.RunId, StringComparison.Ordinal) || !string.Equals(signature.Job, run.Job, StringComparison.Ordinal)))
        {
            return ReportVerdict.Fails(signature, $"the signature binds run '{signature.RunId}' of job '{signature.Job}', but the report is of run '{run.RunId}' of job '{run.Job}'");
        }

        if (expectedRunId is not null && !string.Equals(run.RunId, expectedRunId, StringComparison.Ordinal))
        {
            return ReportVerdict.Fails(signature, $"the report is of run '{run.RunId}', not of run '{expectedRunId}': it was copied under another run id");
        }

        if (expectedJob is not null && !string.Equals(run.Job, expectedJob, StringComparison.Ordinal))
        {
            return ReportVerdict.Fails(signature, $"the report is of job '{run.Job}', not of job '{expectedJob}'");
        }

        return new ReportVerdict(true, null, run.RunId, run.Job, signature.IsBound, signature.KeyId);
    }
}
