namespace Tuner.Functions.Messages;

/// <summary>What the Cleaner did, target by target (every target of the run's plan, each cleaned independently).</summary>
public sealed record CleanerOutput(string RunId, IReadOnlyList<TargetCleanup> Targets);
