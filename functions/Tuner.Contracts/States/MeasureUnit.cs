namespace Tuner.Contracts.States;

/// <summary>
/// What one Executor measures in one Narrower step (an item of the <c>Measure</c> Map, and of the Narrower's
/// <c>stages.json</c>): the quotas of one target's stage, or of a part of it. <see cref="Unit"/> numbers the units of a
/// step (their summaries are <see cref="BucketKeys.UnitSummary"/>); <see cref="Kind"/> is the stage's
/// <see cref="StageKind"/> (null only in a document that lacks it);
/// <see cref="Paired"/> marks the confirmation, whose two cells are sampled in paired rounds; <see cref="Seed"/>
/// shuffles the order of the cells in each round reproducibly. <see cref="Cells"/> missing or null is read as <c>[]</c>.
/// </summary>
public sealed record MeasureUnit
{
    public int Unit { get; init; }

    public int TargetIndex { get; init; }

    public int Stage { get; init; }

    public StageKind? Kind { get; init; }

    public int Step { get; init; }

    public bool Paired { get; init; }

    public int Seed { get; init; }

    public IReadOnlyList<UnitCell> Cells { get; init => field = value ?? []; } = [];
}
