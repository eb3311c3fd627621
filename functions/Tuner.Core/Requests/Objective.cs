using System.Text.Json.Serialization;

namespace Tuner.Core.Requests;

/// <summary>
/// The request's <c>objective</c>: a strategy plus constraints that filter cells before ranking.
/// <see cref="Weight"/> is the weight of cost in <see cref="ObjectiveStrategy.Balanced"/> (0 = speed only, 1 = cost only).
/// <see cref="Equivalence"/> gives the practical-equivalence margins: configurations closer than them are tied, and a
/// tie goes to the other goal (cost ties to the fastest, speed ties to the cheapest).
/// </summary>
public sealed record Objective(
    ObjectiveStrategy Strategy = ObjectiveStrategy.Cost,
    double? Weight = null,
    double? MaxP95Ms = null,
    double? MaxErrorRate = null,
    Equivalence? Equivalence = null)
{
    /// <summary>The margins within which two configurations count as tied.</summary>
    [JsonIgnore]
    public Equivalence EffectiveEquivalence => Equivalence ?? Requests.Equivalence.Default;

    /// <summary>The balanced weight used when the request gives none.</summary>
    public const double DefaultWeight = 0.5;

    /// <summary>The weight of cost in a balanced score.</summary>
    [JsonIgnore]
    public double EffectiveWeight => Weight ?? DefaultWeight;
}
