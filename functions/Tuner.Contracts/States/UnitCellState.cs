namespace Tuner.Contracts.States;

/// <summary>One cell of a unit as a watcher reads it (Tuner.Functions' <c>UnitCell</c>): the warm samples asked for.</summary>
public sealed record UnitCellState
{
    public int? Samples { get; init; }
}
