using Tuner.Core.Decisions;
using Tuner.Core.Pricing;
using Tuner.Core.Statistics;

namespace Tuner.Core.Reports;

/// <summary>
/// One measured cell in the report: its configuration, statistics, per-invocation cost, whether it meets the
/// objective's constraints (and which it violates), its objective score (lower is better) and Pareto membership.
/// Since schema v2 the statistics are of warm invocations only and <see cref="ColdStart"/> profiles the cold starts.
/// </summary>
public sealed record CellReport(
    string CellId,
    int MemoryMb,
    int? BatchSize,
    int? Parallelism,
    IReadOnlyDictionary<string, string> Env,
    bool IsBaseline,
    CellStatistics Statistics,
    CellCost Cost,
    bool MeetsConstraints,
    IReadOnlyList<string> ConstraintViolations,
    double? Score,
    bool OnParetoFront,
    ColdStartProfile? ColdStart = null);
