using Tuner.Core.Planning;
using Tuner.Core.Pricing;
using Tuner.Core.Statistics;

namespace Tuner.Core.Objectives;

/// <summary>A measured cell ready to rank: its plan entry, statistics and per-invocation cost.</summary>
public sealed record CellEvaluation(PlanCell Cell, CellStatistics Statistics, CellCost Cost);
