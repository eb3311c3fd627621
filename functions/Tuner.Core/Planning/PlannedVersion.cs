namespace Tuner.Core.Planning;

/// <summary>
/// A version to publish for one memory/environment combination: the Planner sets <see cref="MemoryMb"/> and the full
/// <see cref="Environment"/> (baseline environment overlaid with the knobs) on <c>$LATEST</c>, then publishes.
/// Every cell in <see cref="CellIds"/> invokes this version.
/// </summary>
public sealed record PlannedVersion(
    string Key,
    int TargetIndex,
    string Function,
    int MemoryMb,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> CellIds,
    bool IsBaseline);
