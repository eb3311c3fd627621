namespace Tuner.Core.Requests;

/// <summary>
/// The request's <c>objective.equivalence</c>: relative margins (0.03 = 3%) within which two configurations are
/// practically equal in cost and in duration. A smaller difference is never reported as a finding, and a tie on the
/// objective's goal is decided by the other goal.
/// </summary>
public sealed record Equivalence(double Cost = Equivalence.DefaultCost, double Duration = Equivalence.DefaultDuration)
{
    /// <summary>3%: below that, a cost difference is within what a month's traffic mix moves.</summary>
    public const double DefaultCost = 0.03;

    /// <summary>5%: below that, a latency difference is within warm-to-warm jitter of one environment.</summary>
    public const double DefaultDuration = 0.05;

    public static Equivalence Default { get; } = new();
}
