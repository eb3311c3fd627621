using Tuner.Contracts;

namespace Tuner.Functions.Messages;

/// <summary>
/// What one Executor measures in one Narrower step (an item of the <c>Measure</c> Map): the quotas of one target's
/// stage, or of a part of it. <see cref="Unit"/> numbers the units of a step (their summaries are
/// <see cref="BucketKeys.UnitSummary"/>); <see cref="Kind"/> is the stage kind
/// (<c>firstPass</c>, <c>narrowing</c>, <c>confirmation</c>); <see cref="Paired"/> marks the confirmation, whose two
/// cells are sampled in paired rounds; <see cref="Seed"/> shuffles the order of the cells in each round
/// reproducibly.
/// </summary>
public sealed record MeasureUnit(
    int Unit,
    int TargetIndex,
    int Stage,
    string Kind,
    int Step,
    bool Paired,
    int Seed,
    IReadOnlyList<UnitCell> Cells);
