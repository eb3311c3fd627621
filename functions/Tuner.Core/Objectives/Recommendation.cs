namespace Tuner.Core.Objectives;

/// <summary>
/// The answer for one target. With <see cref="RecommendationAction.KeepCurrent"/>, <see cref="CellId"/> is the
/// baseline and <see cref="Reason"/> says why nothing better was found (e.g. not significantly cheaper).
/// </summary>
public sealed record Recommendation(
    RecommendationAction Action,
    string CellId,
    int MemoryMb,
    int? BatchSize,
    int? Parallelism,
    IReadOnlyDictionary<string, string> Env,
    decimal ExpectedCostPerInvocationUsd,
    double? ExpectedP95Ms,
    double? ExpectedMeanMs,
    Savings Savings,
    string Reason,
    string? BestCandidateCellId);
