namespace Tuner.Reports.Html;

/// <summary>
/// The "After this report: the Cleaner" section: without a record (the Reducer renders before the Cleaner runs) only
/// where the record is; with one, its check and each target's outcome.
/// </summary>
internal sealed record CleanupView(
    bool Known,
    bool Trusted,
    string StateClass,
    string Text,
    string? Check,
    string? CleanedAt,
    string? Ending,
    IReadOnlyList<CleanupTargetView> Targets,
    string? KeyId,
    string? Digest);

/// <summary>One target after the Cleaner; for a kept owner's change, what changed and when it was seen.</summary>
internal sealed record CleanupTargetView(
    string Function,
    string Outcome,
    string OutcomeClass,
    bool Kept,
    string? Fields,
    string? LastModified,
    string? SeenAt,
    string? Reason,
    string Versions,
    string? Lease);
