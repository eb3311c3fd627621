using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;
using Tuner.Functions.Messages;
using Tuner.Reports;

namespace Tuner.Functions.Runs;

/// <summary>The Cleaner's signed record of how it left each target: <c>cleanup.json</c> and <c>cleanup.sig.json</c>.</summary>
internal sealed class CleanupRecorder(RunStore store, IReportSigner? signer)
{
    /// <summary>The job a cleanup record binds when the run's request is unknown (no plan.json, no execution input).</summary>
    internal const string UnknownJob = "(unknown)";

    private readonly RunStore _store = store;
    private readonly IReportSigner? _signer = signer;

    /// <summary>
    /// Writes <c>cleanup.json</c> beside the report, its signature <c>cleanup.sig.json</c> (a cleanup-record
    /// signature bound to the run and the job) and <c>cleanup.html</c>, the record rendered beside report.html: the report
    /// is signed before the Cleaner runs, so this signed record is
    /// where a kept owner's change (what changed, when, that it was kept), a restore or a version left is read and
    /// verified afterwards. A failure is logged, not thrown: the output (and the Fail state's cause) carry the same outcome.
    /// </summary>
    public async Task RecordAsync(CleanerOutput output, string? job)
    {
        // The same bytes as the Cleaner's output: one serializer for CleanerOutput.
        var record = JsonSerializer.SerializeToUtf8Bytes(output, StateMessageJson.TypeInfo<CleanerOutput>());
        byte[]? signature = null;
        ReportSignature? signed = null;
        if (_signer is not null)
        {
            try
            {
                signed = await _signer.SignAsync(record, new ReportBinding(output.RunId, job ?? UnknownJob) { Record = ReportSignature.CleanupRecord }, CancellationToken.None);
                signature = ReportSignatureFile.Serialize(signed);
            }
            catch (Exception e)
            {
                // Signing (KMS, the key file) may fail in any way: the record is still written, and fetch says it is unsigned.
                await Console.Error.WriteLineAsync($"signing the cleanup record of run {output.RunId} failed: {e.Message}");
            }
        }

        try
        {
            await _store.PutAsync(BucketKeys.Cleanup(output.RunId), record, "application/json", CancellationToken.None);
            if (signature is not null)
            {
                await _store.PutAsync(BucketKeys.CleanupSignature(output.RunId), signature, "application/json", CancellationToken.None);
            }

            // The record for people, beside report.html (rendered before the Cleaner ran): cleanup.json stays what is signed.
            if (Render(output, signed) is { } html)
            {
                await _store.PutAsync(BucketKeys.CleanupHtml(output.RunId), html, "text/html; charset=utf-8", CancellationToken.None);
            }
        }
        catch (TransientDependencyException e)
        {
            await Console.Error.WriteLineAsync($"recording the cleanup of run {output.RunId} failed: {e.Message}");
        }
    }

    private static byte[]? Render(CleanerOutput output, ReportSignature? signed)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetBytes(ReportRenderer.RenderCleanupHtml(new CleanupAddendum(output, signed)));
        }
        catch (Exception e)
        {
            // The page is a convenience: never let it stop the Cleaner's output (cleanup.json is written already).
            Console.Error.WriteLine($"rendering {BucketKeys.CleanupHtmlFile} of run {output.RunId} failed: {e.Message}");
            return null;
        }
    }
}
