using System.Text.Json.Serialization;

namespace Tuner.Core.Requests;

/// <summary>
/// The request's <c>objective</c>: a strategy plus constraints that filter cells before ranking.
/// <see cref="Weight"/> is the weight of cost in <see cref="ObjectiveStrategy.Balanced"/> (0 = speed only, 1 = cost only).
/// </summary>
public sealed record Objective(
    ObjectiveStrategy Strategy = ObjectiveStrategy.Cost,
    double? Weight = null,
    double? MaxP95Ms = null,
    double? MaxErrorRate = null)
{
    /// <summary>The balanced weight used when the request gives none.</summary>
    public const double DefaultWeight = 0.5;

    /// <summary>The weight of cost in a balanced score.</summary>
    [JsonIgnore]
    public double EffectiveWeight => Weight ?? DefaultWeight;
}
