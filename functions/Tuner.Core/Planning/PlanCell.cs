namespace Tuner.Core.Planning;

/// <summary>
/// One configuration to measure. <see cref="Id"/> is derived from the content (e.g. <c>t0-m512-b25-p4-e1a2b3c4</c>,
/// baseline <c>t0-baseline</c>) so the same request gives the same ids. <see cref="Env"/> holds only the knob values
/// this cell sets (including <c>TUNER_DDB_*</c>); the version's full environment is in <see cref="PlannedVersion"/>.
/// <see cref="BatchSize"/>/<see cref="Parallelism"/> are the effective values (for the baseline: parsed from its
/// environment when present).
/// </summary>
public sealed record PlanCell(
    string Id,
    int TargetIndex,
    string Function,
    int MemoryMb,
    int? BatchSize,
    int? Parallelism,
    IReadOnlyDictionary<string, string> Env,
    bool IsBaseline,
    string VersionKey,
    int Invocations,
    int Concurrency);
