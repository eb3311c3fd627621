namespace Tuner.Core.Decisions;

/// <summary>
/// The A/A check: the current configuration measured in two separated slots (the stages before the confirmation, and
/// the confirmation). <see cref="Unstable"/> when the two slots' mean durations differ beyond the duration margin with
/// <see cref="DecisionEngine.StabilityConfidence"/>; a switch must then beat the current configuration by more than
/// the discrepancy (<see cref="Discrepancy"/>, relative) to be recommended.
/// </summary>
public sealed record StabilityCheck(string CellId, RelativeDifference? Difference, bool Unstable, double Discrepancy, string Summary);
