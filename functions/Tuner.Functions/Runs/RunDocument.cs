using System.Text.Json;
using System.Text.Json.Serialization;
using Tuner.Contracts;
using Tuner.Core.Planning;

namespace Tuner.Functions.Runs;

/// <summary>
/// <see cref="BucketKeys.Plan"/>: written by the Planner BEFORE it changes any function (baselines only), then
/// again with the plan and the published versions. The Executor reads the payloads from <see cref="Request"/>, the
/// Reducer the plan, and the Cleaner the baselines it must restore — even when the Planner died half-way.
/// <see cref="Versions"/> maps a version key to the version number published for it. <see cref="Notes"/> are what the
/// run's output should say of how it started (a lease taken over from an ended run). In the bucket's <see cref="BucketKeys.RunsPrefix"/>
/// prefix every environment is cut down to the run's knobs and <see cref="BaselinesKey"/> names where the whole
/// baselines are (<see cref="PlanRedaction"/>); plan.json files without it (older runs) hold them whole.
/// <see cref="Dropped"/> are targets that changed under Tuner while it published (not measured, left to their owner);
/// <see cref="Revisions"/> the <c>RevisionId</c> of each target's <c>$LATEST</c> as the Planner left it once it was done
/// with that target, which the Cleaner compares with the revision it finds.
/// </summary>
public sealed record RunDocument(
    string RunId,
    string Job,
    string Mode,
    string Region,
    DateTimeOffset CreatedAt,
    JsonElement Request,
    IReadOnlyList<BaselineConfiguration> Baselines,
    TuningPlan? Plan,
    IReadOnlyDictionary<string, string> Versions,
    int MaxConcurrency)
{
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Where the whole baselines are (<see cref="BucketKeys.Baselines"/>), when this document is redacted.</summary>
    public string? BaselinesKey { get; init; }

    /// <summary>Targets dropped because they changed under Tuner while it published their versions (<see cref="DroppedTarget"/>).</summary>
    public IReadOnlyList<DroppedTarget> Dropped { get; init; } = [];

    /// <summary>
    /// Function name → the <c>RevisionId</c> of its <c>$LATEST</c> right after the Planner's last write to it (the
    /// baseline put back once every version was published, or the owner's change kept when it was dropped). Tuner does
    /// not write to that target again in this run, so a <c>$LATEST</c> at any other revision was changed by someone
    /// else, whatever its configuration looks like. Only targets the Planner is done with are listed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Revisions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The plan without the <see cref="Dropped"/> targets: what the Narrower measures and the Reducer reports on.</summary>
    [JsonIgnore]
    public TuningPlan? MeasuredPlan => Plan is null || Dropped.Count == 0
        ? Plan
        : Plan with { Targets = [.. Plan.Targets.Where(t => !IsDropped(t.TargetIndex))] };

    /// <summary>True when the target at <paramref name="targetIndex"/> was dropped.</summary>
    public bool IsDropped(int targetIndex) => Dropped.Any(d => d.TargetIndex == targetIndex);
}
