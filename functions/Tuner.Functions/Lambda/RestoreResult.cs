using Tuner.Core.Ports;

namespace Tuner.Functions.Lambda;

/// <summary>
/// A restore's <see cref="Outcome"/>, <see cref="Reason"/> (what the owner changed and when, for
/// <see cref="RestoreOutcome.KeptOwnersChange"/>; a code deploy that was kept while Tuner's settings were put back) and
/// the configuration <c>$LATEST</c> was left with.
/// </summary>
public sealed record RestoreResult(RestoreOutcome Outcome, string? Reason, FunctionConfiguration Current);
