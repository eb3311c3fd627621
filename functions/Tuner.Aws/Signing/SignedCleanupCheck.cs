using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// The check of the Cleaner's <c>cleanup.json</c> and its <c>cleanup.sig.json</c>, shared by <c>tuner fetch</c> and
/// <c>tuner verify</c>: the signature is a cleanup-record signature (its record kind is signed, so a report signature
/// never passes, nor the reverse), it verifies with the pinned Cleaner key, and the run it binds is the run the record
/// names and the run the caller expects. Gives each target the record says kept its owner's change, with what changed and when.
/// </summary>
public static class SignedCleanupCheck
{
    /// <summary>The Cleaner's record beside the report.</summary>
    public const string FileName = BucketKeys.CleanupFile;

    /// <summary>Its signature.</summary>
    public const string SignatureFileName = BucketKeys.CleanupSignatureFile;

    /// <summary>Checks <paramref name="record"/>; <paramref name="expectedRunId"/> null: not compared.</summary>
    public static async Task<CleanupVerdict> CheckAsync(
        IReportVerifier verifier, ReadOnlyMemory<byte> record, ReportSignature signature, string? expectedRunId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.Record != ReportSignature.CleanupRecord)
        {
            return CleanupVerdict.Fails(signature, $"the signature is not of a cleanup record (it names record '{signature.Record ?? "report"}')");
        }

        if (!await verifier.VerifyAsync(record, signature, cancellationToken).ConfigureAwait(false))
        {
            return CleanupVerdict.Fails(signature, $"the signature is not a valid signature of these bytes by the expected key (it names key {signature.KeyId}): the record was changed after the Cleaner signed it, or signed by another key");
        }

        CleanerOutput? cleanup;
        try
        {
            cleanup = JsonSerializer.Deserialize(record.Span, StateOutputJson.Default.CleanerOutput);
        }
        catch (JsonException e)
        {
            return CleanupVerdict.Fails(signature, "the signed bytes are not a Tuner cleanup record: " + e.Message);
        }

        if (cleanup is not { RunId: { } runId, Targets: { } targets } || targets.Any(t => t?.Function is null))
        {
            return CleanupVerdict.Fails(signature, "the signed bytes are not a Tuner cleanup record: it has no runId, no targets, or a target without its function");
        }

        List<KeptChange> kept = [.. targets.Where(t => t.Outcome == CleanupOutcome.KeptOwnersChange).Select(t => new KeptChange(t.Function, t.Reason ?? string.Empty) { Change = t.Change })];

        if (!string.Equals(signature.RunId, runId, StringComparison.Ordinal))
        {
            return CleanupVerdict.Fails(signature, $"the signature binds run '{signature.RunId}', but the record is of run '{runId}'");
        }

        if (expectedRunId is not null && !string.Equals(runId, expectedRunId, StringComparison.Ordinal))
        {
            return CleanupVerdict.Fails(signature, $"the record is of run '{runId}', not of run '{expectedRunId}': it was copied under another run id");
        }

        return new CleanupVerdict(true, null, runId, signature.KeyId, kept);
    }
}

/// <summary>What <see cref="SignedCleanupCheck"/> found.</summary>
/// <param name="Valid">True when the record's signature verifies with the expected key and binds the expected run.</param>
/// <param name="Problem">Why not.</param>
/// <param name="RunId">The run the record is of (empty when the check failed).</param>
/// <param name="KeyId">The key the signature names.</param>
/// <param name="KeptChanges">The targets whose owner's change the Cleaner kept (empty when the check failed).</param>
public sealed record CleanupVerdict(bool Valid, string? Problem, string RunId, string KeyId, IReadOnlyList<KeptChange> KeptChanges)
{
    /// <summary>A failed check.</summary>
    public static CleanupVerdict Fails(ReportSignature signature, string problem)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new CleanupVerdict(false, problem, string.Empty, signature.KeyId, []);
    }
}

/// <summary>A target whose <c>$LATEST</c> its owner changed during the run, and the Cleaner's words for it (what changed, when, that it was kept).</summary>
public sealed record KeptChange(string Function, string Reason)
{
    /// <summary>The fields changed and when the Cleaner saw them (null in records written before it was recorded).</summary>
    public OwnersChange? Change { get; init; }

    /// <summary>What <c>tuner fetch</c>, <c>run</c>, <c>verify</c> and <c>report</c> print after "owner's later change kept: ".</summary>
    public override string ToString() => Line(Function, Reason, Change);

    /// <summary>"function: reason [changed: fields; seen by the Cleaner …; kept, not restored]".</summary>
    public static string Line(string function, string? reason, OwnersChange? change) =>
        $"{function}: {reason}" + (change is null ? string.Empty : $" [changed: {change}; kept, not restored]");
}
