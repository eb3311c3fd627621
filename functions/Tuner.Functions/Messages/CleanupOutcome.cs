namespace Tuner.Functions.Messages;

/// <summary>What the Cleaner did to one target's <c>$LATEST</c>.</summary>
public enum CleanupOutcome
{
    /// <summary><c>$LATEST</c> already equalled the baseline: nothing to put back.</summary>
    Unchanged,

    /// <summary><c>$LATEST</c> differed from the baseline and was put back.</summary>
    Restored,

    /// <summary>The function's owner changed <c>$LATEST</c> during the run; their change was kept.</summary>
    KeptOwnersChange,

    /// <summary>The restore or the deletion of a version failed; <see cref="TargetCleanup.Reason"/> says why.</summary>
    Failed,
}
