namespace Tuner.Functions.Messages;

/// <summary>
/// The Narrower's result, the state the <c>MoreStages</c> choice reads: <see cref="Done"/> when every target's
/// measurement is finished (the Reducer is next), otherwise the <see cref="Units"/> the <c>Measure</c> Map hands to
/// one Executor each. <see cref="Step"/> counts the Narrower's calls in this run (1 on the first).
/// </summary>
public sealed record NarrowerOutput(
    string RunId,
    string Bucket,
    int MaxConcurrency,
    int Step,
    bool Done,
    IReadOnlyList<MeasureUnit> Units);
