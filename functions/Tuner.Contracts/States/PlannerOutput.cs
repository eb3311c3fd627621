namespace Tuner.Contracts.States;

/// <summary>
/// The result of the <c>Planner</c> and <c>ResumePlanner</c> states; once <see cref="Published"/> is true, the Map
/// state's input: run id, job, bucket, how many cells run at once, and the cells (<c>$.cells</c>, each with the
/// qualifier of its published version). <see cref="EstimatedMaxUsd"/> is the plan's upper-bound cost.
/// <see cref="Published"/> is false when the invocation ran out of its publishing time budget
/// (<see cref="TunerEnvironment.PlannerPublishSeconds"/>) before every version was published: <c>$LATEST</c> is back at
/// its baseline, the versions so far are in <c>plan.json</c>, <see cref="Cells"/> is empty, and the state machine calls
/// the Planner again with <c>resume</c> to go on. <see cref="Versions"/> counts the versions published so far (one per
/// cell, or one per cold sample in cold mode). <see cref="PlanETag"/> is the ETag of the plan.json this invocation
/// left: the <c>ResumePlanner</c> state passes it back, and a plan.json with any other ETag (changed by someone else
/// between two invocations) is refused. Written by Tuner.Functions' Planner, read by the ASL and by the CLI's
/// progress (<see cref="StateOutputJson"/>); a reader that finds a property missing gets its default (a string or list
/// missing or null is <c>""</c> or <c>[]</c>, see <see cref="StateOutputJson"/>).
/// </summary>
public sealed record PlannerOutput
{
    public string RunId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Job { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Bucket { get; init => field = value ?? string.Empty; } = string.Empty;

    public int MaxConcurrency { get; init; }

    public decimal EstimatedMaxUsd { get; init; }

    public IReadOnlyList<CellTask> Cells { get; init => field = value ?? []; } = [];

    public bool Published { get; init; }

    public int Versions { get; init; }

    public string? PlanETag { get; init; }
}
