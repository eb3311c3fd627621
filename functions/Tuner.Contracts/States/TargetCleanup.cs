namespace Tuner.Contracts.States;

/// <summary>
/// One target after the Cleaner: the <see cref="Outcome"/> of its restore (with the <see cref="Reason"/> when it
/// failed or kept the owner's change), the versions of the run it deleted and those still left
/// (<c>function:version</c>; a failed deletion leaves its version listed here), and what became of the run's lease
/// of the function (<see cref="Lease"/>: released only once the target is clean, so no other run starts on a target
/// this run may still have changed).
/// </summary>
public sealed record TargetCleanup(
    string Function,
    CleanupOutcome Outcome,
    string? Reason,
    IReadOnlyList<string> DeletedVersions,
    IReadOnlyList<string> LeftVersions,
    string? Lease = null)
{
    /// <summary>
    /// For <see cref="CleanupOutcome.KeptOwnersChange"/>: what the owner changed and when it was seen (null in records
    /// written before it was recorded, and for the other outcomes; <see cref="Reason"/> says it in words).
    /// </summary>
    public OwnersChange? Change { get; init; }

    /// <summary>True when the target is as its owner left it and no version of the run is left.</summary>
    public bool IsClean => Outcome != CleanupOutcome.Failed && LeftVersions.Count == 0;

    /// <summary>One line for logs and the Fail state's cause.</summary>
    public override string ToString()
    {
        var outcome = Outcome switch
        {
            CleanupOutcome.Unchanged => "unchanged",
            CleanupOutcome.Restored => "restored",
            CleanupOutcome.KeptOwnersChange => $"kept the owner's change ({Reason})",
            _ => $"failed: {Reason}",
        };
        var left = LeftVersions.Count == 0 ? string.Empty : $", {LeftVersions.Count} left ({string.Join(", ", LeftVersions)})";
        return $"{Function}: {outcome}, {DeletedVersions.Count} version(s) deleted{left}" + (Lease is null ? string.Empty : $", lease {Lease}");
    }
}
