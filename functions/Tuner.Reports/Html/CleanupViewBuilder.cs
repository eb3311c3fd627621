using System.Globalization;
using Tuner.Contracts;
using Tuner.Contracts.States;

namespace Tuner.Reports.Html;

/// <summary>Words of the Cleaner's section: shared by report.html (rendered by the CLI with the record) and cleanup.html.</summary>
internal static class CleanupViewBuilder
{
    public static CleanupView Build(CleanupAddendum? cleanup)
    {
        if (cleanup is null)
        {
            return new CleanupView(
                false,
                true,
                "pending",
                $"The Cleaner runs after this report was rendered and signed: it puts each target's $LATEST back to its baseline, or keeps a change the function's owner made during the run and does not restore it. What it did is its own signed record in this run's folder: {BucketKeys.CleanupFile} (signature {BucketKeys.CleanupSignatureFile}), rendered as {BucketKeys.CleanupHtmlFile}; tuner report and tuner verify {BucketKeys.CleanupFile} show it.",
                null,
                null,
                null,
                [],
                null,
                null);
        }

        var signature = cleanup.Signature;
        if (!cleanup.Trusted)
        {
            return new CleanupView(
                true,
                false,
                "untrusted",
                $"{BucketKeys.CleanupFile} does NOT verify: {cleanup.Problem ?? "it cannot be read"}. Do not trust what it says of the targets.",
                cleanup.CheckedWith,
                null,
                null,
                [],
                signature?.KeyId,
                signature?.DigestSha256);
        }

        var record = cleanup.Record!;
        var kept = record.Targets.Count(t => t.Outcome == CleanupOutcome.KeptOwnersChange);
        var text = kept == 0
            ? "What the Cleaner did after this report, target by target."
            : $"After this report the Cleaner kept {(kept == 1 ? "one owner's change" : kept.ToString(CultureInfo.InvariantCulture) + " owners' changes")} and did not restore {(kept == 1 ? "that target: its" : "those targets: their")} $LATEST is as the owner left it, not the baseline this report measured.";
        var (stateClass, check) = (cleanup.Verified, signature) switch
        {
            (true, { } s) => ("verified", $"Signature verified ({BucketKeys.CleanupSignatureFile}, key {s.KeyId}{(cleanup.CheckedWith is null ? string.Empty : ", " + cleanup.CheckedWith)})."),
            (_, { } s) => ("signed", $"Signed by the Cleaner's key {s.KeyId} on {Time(s.SignedAt)} ({BucketKeys.CleanupSignatureFile}); {cleanup.CheckedWith ?? $"check it with tuner verify {BucketKeys.CleanupFile}"}."),
            _ => ("unsigned", $"{BucketKeys.CleanupFile} is not signed (no {BucketKeys.CleanupSignatureFile} beside it): what it says cannot be checked."),
        };
        return new CleanupView(
            true,
            true,
            stateClass,
            text,
            check,
            record.CleanedAt is { } at ? Time(at) : null,
            record.Ending,
            [.. record.Targets.Select(Target)],
            signature?.KeyId,
            signature?.DigestSha256);
    }

    private static CleanupTargetView Target(TargetCleanup target)
    {
        var (outcome, outcomeClass) = target.Outcome switch
        {
            CleanupOutcome.Unchanged => ("unchanged", "ok"),
            CleanupOutcome.Restored => ("restored to its baseline", "ok"),
            CleanupOutcome.KeptOwnersChange => ("owner's change kept, not restored", "kept"),
            _ => ("not cleaned", "failed"),
        };
        var versions = $"{target.DeletedVersions.Count.ToString(CultureInfo.InvariantCulture)} deleted"
            + (target.LeftVersions.Count == 0 ? string.Empty : $", {target.LeftVersions.Count.ToString(CultureInfo.InvariantCulture)} left ({string.Join(", ", target.LeftVersions)})");
        var change = target.Change;
        return new CleanupTargetView(
            target.Function,
            outcome,
            outcomeClass,
            target.Outcome == CleanupOutcome.KeptOwnersChange,
            change is null ? null : string.Join(", ", change.Fields),
            change?.LastModified,
            change is null ? null : Time(change.SeenAt),
            target.Reason,
            versions,
            target.Lease);
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
