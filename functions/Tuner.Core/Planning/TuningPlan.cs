using System.Text.Json.Serialization;

namespace Tuner.Core.Planning;

/// <summary>The Planner's result: one plan per target and the upper-bound cost of measuring all of it.</summary>
public sealed record TuningPlan(IReadOnlyList<TargetPlan> Targets, PlanCostEstimate Estimate)
{
    /// <summary>Every cell of every target, in plan order.</summary>
    [JsonIgnore]
    public IEnumerable<PlanCell> AllCells => Targets.SelectMany(t => t.Cells);
}
