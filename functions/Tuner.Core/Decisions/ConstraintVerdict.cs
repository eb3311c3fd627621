namespace Tuner.Core.Decisions;

/// <summary>
/// A cell against the objective's constraints, judged on intervals: <see cref="Violates"/> when an interval lies wholly
/// beyond a limit (or nothing succeeded), <see cref="Uncertain"/> when it straddles one or the sample is too small for
/// an interval; <see cref="Reasons"/> says which and by how much.
/// </summary>
public sealed record ConstraintVerdict(bool Violates, bool Uncertain, IReadOnlyList<string> Reasons)
{
    public static ConstraintVerdict Met { get; } = new(false, false, []);
}
