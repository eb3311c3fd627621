using Tuner.Core.Planning;

namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// The true behaviour of one simulated cell: mean warm Duration, INIT and the first invocation's extra Duration of a
/// cold start, the share of invocations that fail (and how long a failed one runs), and the DynamoDB write units one
/// invocation consumes.
/// </summary>
internal sealed record CellTruth(
    PlanCell Cell,
    double WarmMs,
    double InitMs,
    double FirstExtraMs,
    double ErrorRate = 0,
    string? ErrorType = null,
    double ErrorMs = 0,
    double WriteUnits = 0);
