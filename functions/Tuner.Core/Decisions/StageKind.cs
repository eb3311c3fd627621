namespace Tuner.Core.Decisions;

/// <summary>
/// The stages of a target's measurement: a <see cref="FirstPass"/> over every cell with a few samples, then
/// <see cref="Narrowing"/> rounds in which cells that are worse beyond the margin with confidence drop out and the
/// survivors get more samples, then the <see cref="Confirmation"/> of the best candidate against the current
/// configuration on fresh samples taken in interleaved rounds.
/// </summary>
public enum StageKind
{
    FirstPass,
    Narrowing,
    Confirmation,
}
