namespace Tuner.Contracts.States;

/// <summary>
/// What a watcher reads of the Narrower's output (Tuner.Functions' <c>NarrowerOutput</c>): the step, whether every
/// target is decided, and the units the <c>Measure</c> Map hands to one Executor each. Read with <see cref="StateOutputJson"/>.
/// </summary>
public sealed record NarrowerStateOutput
{
    /// <summary>The Narrower's calls so far in the run (1 on the first).</summary>
    public int? Step { get; init; }

    public bool? Done { get; init; }

    public IReadOnlyList<MeasureUnitState>? Units { get; init; }
}
