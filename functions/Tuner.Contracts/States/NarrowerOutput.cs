namespace Tuner.Contracts.States;

/// <summary>
/// The Narrower's result, the state the <c>MoreStages</c> choice reads: <see cref="Done"/> when every target's
/// measurement is finished (the Reducer is next), otherwise the <see cref="Units"/> the <c>Measure</c> Map hands to
/// one Executor each. <see cref="Step"/> counts the Narrower's calls in this run (1 on the first). Written by
/// Tuner.Functions' Narrower, read by the ASL and by the CLI's progress (<see cref="StateOutputJson"/>). A string or list missing or null is read as
/// <c>""</c> or <c>[]</c>, here and in the units.
/// </summary>
public sealed record NarrowerOutput
{
    public string RunId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Bucket { get; init => field = value ?? string.Empty; } = string.Empty;

    public int MaxConcurrency { get; init; }

    public int Step { get; init; }

    public bool Done { get; init; }

    public IReadOnlyList<MeasureUnit> Units { get; init => field = value ?? []; } = [];
}
