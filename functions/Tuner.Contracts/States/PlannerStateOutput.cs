using System.Text.Json;

namespace Tuner.Contracts.States;

/// <summary>
/// What a watcher reads of the Planner's (and ResumePlanner's) output, the state output Tuner.Functions' <c>PlannerOutput</c>
/// writes: the planned cells, whether publishing finished in this invocation, the Map's concurrency and the versions
/// published (more than the cells in cold mode). Read with <see cref="StateOutputJson"/>.
/// </summary>
public sealed record PlannerStateOutput
{
    /// <summary>The planned cells (a watcher counts them); null when the output has none.</summary>
    public IReadOnlyList<JsonElement>? Cells { get; init; }

    /// <summary>False when the Planner's time budget ran out before every version was published (ResumePlanner goes on).</summary>
    public bool? Published { get; init; }

    public int? MaxConcurrency { get; init; }

    public int? Versions { get; init; }
}
