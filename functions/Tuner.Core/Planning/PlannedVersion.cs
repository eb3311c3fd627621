namespace Tuner.Core.Planning;

/// <summary>
/// A version to publish for one memory/environment combination: the Planner sets <see cref="MemoryMb"/> and the full
/// <see cref="Environment"/> (baseline environment overlaid with the knobs) on <c>$LATEST</c>, then publishes.
/// Every cell in <see cref="CellIds"/> invokes this version. In cold mode a cell has one version per sample:
/// <see cref="ColdSample"/> numbers it (from 1), and <see cref="ColdStartVersions"/> adds the variable that makes it
/// differ from the cell's other versions when it is published.
/// </summary>
public sealed record PlannedVersion(
    string Key,
    int TargetIndex,
    string Function,
    int MemoryMb,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> CellIds,
    bool IsBaseline,
    int? ColdSample = null);
