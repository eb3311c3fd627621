using System.Text.Json;
using Tuner.Core.Planning;

namespace Tuner.Functions.Runs;

/// <summary>
/// <c>runs/&lt;runId&gt;/plan.json</c>: written by the Planner BEFORE it changes any function (baselines only), then
/// again with the plan and the published versions. The Executor reads the payloads from <see cref="Request"/>, the
/// Reducer the plan, and the Cleaner the baselines it must restore — even when the Planner died half-way.
/// <see cref="Versions"/> maps a version key to the version number published for it. <see cref="Notes"/> are what the
/// run's output should say of how it started (a lease taken over from an ended run). In the bucket's <c>runs/</c>
/// prefix every environment is cut down to the run's knobs and <see cref="BaselinesKey"/> names where the whole
/// baselines are (<see cref="PlanRedaction"/>); plan.json files without it (older runs) hold them whole.
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

    /// <summary>Where the whole baselines are (<c>secrets/&lt;runId&gt;/baselines.json</c>), when this document is redacted.</summary>
    public string? BaselinesKey { get; init; }
}
