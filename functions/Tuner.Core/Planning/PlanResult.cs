using System.Text.Json.Serialization;
using Tuner.Core.Requests;

namespace Tuner.Core.Planning;

/// <summary>The plan, or <c>null</c> and every problem (unknown prices, over budget) with its request path.</summary>
public sealed record PlanResult(TuningPlan? Plan, IReadOnlyList<ValidationProblem> Problems)
{
    [JsonIgnore]
    public bool IsValid => Plan is not null && Problems.Count == 0;
}
