using Tuner.Functions.Runs;

namespace Tuner.Functions.Lambda;

/// <summary>
/// What publishing has done so far, filled in as it goes and recorded in <c>plan.json</c> after each Planner invocation:
/// the version published for each version key, the targets dropped because they changed under Tuner, and the
/// <c>RevisionId</c> each finished target's <c>$LATEST</c> was left at (<see cref="RunDocument.Revisions"/>).
/// </summary>
internal sealed class PublishProgress(RunDocument document)
{
    public Dictionary<string, string> Versions { get; } = new(document.Versions, StringComparer.Ordinal);

    public List<DroppedTarget> Dropped { get; } = [.. document.Dropped];

    public Dictionary<string, string> Revisions { get; } = new(document.Revisions, StringComparer.Ordinal);

    /// <summary>True when anything differs from <paramref name="recorded"/>.</summary>
    public bool DiffersFrom(RunDocument recorded) =>
        Versions.Count != recorded.Versions.Count
        || Dropped.Count != recorded.Dropped.Count
        || Revisions.Count != recorded.Revisions.Count
        || Revisions.Any(r => !recorded.Revisions.TryGetValue(r.Key, out var revision) || revision != r.Value);

    /// <summary><paramref name="recorded"/> with this progress.</summary>
    public RunDocument ApplyTo(RunDocument recorded) =>
        recorded with { Versions = Versions, Dropped = Dropped, Revisions = Revisions };

    public bool IsDropped(int targetIndex) => Dropped.Exists(d => d.TargetIndex == targetIndex);
}
