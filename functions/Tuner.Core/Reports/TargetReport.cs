using Tuner.Core.Decisions;
using Tuner.Core.Objectives;

namespace Tuner.Core.Reports;

/// <summary>
/// The result for one target: the baseline, every measured cell (baseline included, flagged), failed cells,
/// the recommendation, the Pareto front of cost vs p95 (cell ids, cheapest first) and target warnings.
/// <see cref="Decision"/> explains how the recommendation was reached (stages, A/A check, confirmation); it is null
/// in reports of schema v1. <see cref="BaselineCodeSha256"/> is the code the run measured (null in older reports):
/// <c>tuner apply</c> refuses a function whose code changed since.
/// </summary>
public sealed record TargetReport(
    int TargetIndex,
    string Function,
    string Architecture,
    long? MonthlyInvocations,
    CellReport? Baseline,
    IReadOnlyList<CellReport> Cells,
    IReadOnlyList<FailedCell> FailedCells,
    Recommendation? Recommendation,
    IReadOnlyList<string> ParetoFront,
    IReadOnlyList<string> Warnings,
    TargetDecision? Decision = null,
    string? BaselineCodeSha256 = null);
