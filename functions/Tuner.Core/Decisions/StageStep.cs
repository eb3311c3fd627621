namespace Tuner.Core.Decisions;

/// <summary>
/// The next thing to do for a target: measure <see cref="Stage"/> (the quotas per cell; interleaved in rounds, and
/// paired in the confirmation), or nothing more (<see cref="Done"/>: the decision can be made from what is measured).
/// </summary>
public sealed record StageStep(StageRecord? Stage, IReadOnlyList<CellQuota> Quotas)
{
    public bool Done => Stage is null;

    public static StageStep Finished { get; } = new(null, []);
}
