using Tuner.Core.Planning;

namespace Tuner.Core.Decisions;

/// <summary>Everything the staged decisions of one target need besides its samples: the cells (baseline flagged), the objective as <see cref="Decisions.Goals"/> and the sampling policy.</summary>
public sealed record TargetContext(int TargetIndex, IReadOnlyList<PlanCell> Cells, Goals Goals, SamplingPolicy Policy)
{
    public PlanCell Baseline => Cells.First(c => c.IsBaseline);

    /// <summary>The context of one planned target: the Narrower (between stages) and the Reducer (the decision) build it alike.</summary>
    public static TargetContext For(TargetPlan plan, Requests.TuningTarget target, Requests.Objective objective)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(target);
        return new TargetContext(plan.TargetIndex, plan.Cells, new Goals(objective, target.EffectiveColdStartShare), SamplingPolicy.For(target, plan.Cells.Count));
    }
}
