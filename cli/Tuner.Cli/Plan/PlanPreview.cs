using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Requests;

namespace Tuner.Cli.Plan;

/// <summary>
/// What a request would do, worked out without changing anything: the plan the Planner would make (cells, versions,
/// the upper-bound cost and time), each target's staged sampling, and every reason the run would be refused.
/// The plan is null when the request cannot be expanded (a target missing or unreadable).
/// </summary>
internal sealed record PlanPreview(
    TuningRequest Request,
    string Region,
    TuningPlan? Plan,
    IReadOnlyList<SamplingPolicy> Sampling,
    IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>The run would start: planned, and nothing refused.</summary>
    public bool Accepted => Plan is not null && Problems.Count == 0;

    /// <summary>The longest the run can take on AWS: publishing every version, then measuring every wave to the full timeout.</summary>
    public double WallSecondsMax => Plan is null ? 0 : Plan.Estimate.PublishSeconds + Plan.Estimate.MeasureSecondsMax;
}
