namespace Tuner.Functions.Messages;

/// <summary>
/// What the Cleaner did: versions deleted (<c>function:version</c>), functions whose <c>$LATEST</c> it had to restore
/// to the baseline, and functions it checked (equal to their baseline after cleaning).
/// </summary>
public sealed record CleanerOutput(
    string RunId,
    IReadOnlyList<string> DeletedVersions,
    IReadOnlyList<string> Restored,
    IReadOnlyList<string> Verified);
