namespace Tuner.Core.Decisions;

/// <summary>A cell that left the race before <see cref="Stage"/>, and the reason in words a user can check against the report's figures.</summary>
public sealed record DroppedCell(string CellId, int Stage, string Reason);
