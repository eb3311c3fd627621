namespace Tuner.Contracts.States;

/// <summary>One unit of a Narrower step as a watcher reads it (Tuner.Functions' <c>MeasureUnit</c>).</summary>
public sealed record MeasureUnitState
{
    public int? TargetIndex { get; init; }

    public int? Stage { get; init; }

    /// <summary>The stage kind: <c>firstPass</c>, <c>narrowing</c> or <c>confirmation</c>.</summary>
    public string? Kind { get; init; }

    public IReadOnlyList<UnitCellState>? Cells { get; init; }
}
