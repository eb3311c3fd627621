namespace Tuner.Functions.Leases;

/// <summary>What releasing a run's lease of one function found.</summary>
public enum LeaseReleaseOutcome
{
    /// <summary>The run held the lease and it is deleted.</summary>
    Released,

    /// <summary>No lease was there (never acquired, or released before).</summary>
    NotHeld,

    /// <summary>Another run holds it (refused this run, or took over after expiry): left in place.</summary>
    HeldByAnotherRun,
}
