namespace Tuner.Functions.Leases;

/// <summary>
/// A lease this run holds: newly written, already held (a retried or resumed Planner), or taken over from
/// <see cref="TakenOverFrom"/> (expired, its execution ended).
/// </summary>
public sealed record LeaseAcquisition(FunctionLease Lease, FunctionLease? TakenOverFrom)
{
    /// <summary>One line for the run's output, when the lease was taken over.</summary>
    public string? Note => TakenOverFrom is { } previous
        ? $"took over the lease of {previous.Function} from run {previous.RunId} (expired {previous.ExpiresAt:u}, its execution had ended)"
        : null;
}
