using Tuner.Core.Ports;

namespace Tuner.Functions.Lambda;

/// <summary>
/// A restore's <see cref="Outcome"/>, <see cref="Reason"/> (what the owner changed and when, for
/// <see cref="RestoreOutcome.KeptOwnersChange"/>; a code deploy that was kept while Tuner's settings were put back) and
/// the configuration <c>$LATEST</c> was left with.
/// </summary>
public sealed record RestoreResult(RestoreOutcome Outcome, string? Reason, FunctionConfiguration Current)
{
    /// <summary>
    /// The configuration the owner left, as the restore first read it, when Tuner then put back settings of its own
    /// (<see cref="Current"/> is after that); null when it is <see cref="Current"/>.
    /// </summary>
    public FunctionConfiguration? Seen { get; init; }
}
