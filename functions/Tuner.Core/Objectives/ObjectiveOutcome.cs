using Tuner.Core.Reports;

namespace Tuner.Core.Objectives;

/// <summary>
/// The ranking of one target's cells: each cell's report entry (constraints, score, Pareto flag), the Pareto front
/// (cell ids, cheapest first) and the recommendation (<c>null</c> only when neither the baseline nor any candidate
/// could be measured).
/// </summary>
public sealed record ObjectiveOutcome(IReadOnlyList<CellReport> Cells, IReadOnlyList<string> ParetoFront, Recommendation? Recommendation);
