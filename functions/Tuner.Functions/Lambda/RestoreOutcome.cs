namespace Tuner.Functions.Lambda;

/// <summary>What a drift-safe restore of one target's <c>$LATEST</c> did.</summary>
public enum RestoreOutcome
{
    /// <summary><c>$LATEST</c> already had the baseline configuration.</summary>
    Unchanged,

    /// <summary><c>$LATEST</c> had a configuration Tuner wrote; it was put back to the baseline.</summary>
    Restored,

    /// <summary><c>$LATEST</c> had a configuration Tuner never wrote (its owner changed it): kept as the owner left it.</summary>
    KeptOwnersChange,
}
