using Tuner.Core.Planning;

namespace Tuner.Core.Decisions;

/// <summary>Everything the staged decisions of one target need besides its samples: the cells (baseline flagged), the objective as <see cref="Decisions.Goals"/> and the sampling policy.</summary>
public sealed record TargetContext(int TargetIndex, IReadOnlyList<PlanCell> Cells, Goals Goals, SamplingPolicy Policy)
{
    public PlanCell Baseline => Cells.First(c => c.IsBaseline);
}
