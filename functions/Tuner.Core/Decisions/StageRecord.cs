namespace Tuner.Core.Decisions;

/// <summary>
/// One stage of one target, as decided before it was measured: its number (1 = first pass), kind, the cells it samples
/// and how many measured samples each should have when it ends (<see cref="TargetSamples"/>: cumulative over earlier
/// stages, except in the confirmation, whose samples are its own), the cells dropped on entering it and, for the
/// confirmation, the challenger, the current configuration and the rival (the third arm, when there is one: the cell
/// with the best primary figure when that is not the challenger, else the best on the primary figure of the cells better
/// than the challenger on the secondary one). <see cref="Continuations"/> counts how often the stage
/// was resumed because a cell fell short (an Executor's deadline, unexpected cold starts).
/// </summary>
public sealed record StageRecord(
    int Number,
    StageKind Kind,
    IReadOnlyList<string> Cells,
    int TargetSamples,
    IReadOnlyList<DroppedCell> Dropped,
    string? Challenger = null,
    string? Baseline = null,
    int Continuations = 0,
    string? Rival = null);
