using Tuner.Contracts;
using Tuner.Contracts.States;

namespace Tuner.Reports;

/// <summary>
/// What the Cleaner recorded of a run after its report was signed (<see cref="BucketKeys.CleanupFile"/>), its signature
/// (<see cref="BucketKeys.CleanupSignatureFile"/>) and what the reader's check of that signature found, for the
/// report's "After this report: the Cleaner" section and <see cref="BucketKeys.CleanupHtmlFile"/>. A record whose check
/// failed is shown as such, never its targets.
/// </summary>
/// <param name="Record">The record (null when its bytes could not be read).</param>
/// <param name="Signature">Its signature (null: none beside it).</param>
public sealed record CleanupAddendum(CleanerOutput? Record, ReportSignature? Signature)
{
    /// <summary>True: the signature verified with the expected key; false: it did not (see <see cref="Problem"/>); null: not checked here.</summary>
    public bool? Verified { get; init; }

    /// <summary>Why the record must not be trusted.</summary>
    public string? Problem { get; init; }

    /// <summary>What it was checked with ("the local public key …"), or how to check it where it was not.</summary>
    public string? CheckedWith { get; init; }

    /// <summary>True when what the record says may be shown: its check did not fail and it could be read.</summary>
    public bool Trusted => Verified != false && Record is not null;
}
