namespace Tuner.Core.Reports;

/// <summary>
/// A cell with no successful invocation (or no samples at all), with the dominant error type. The configuration
/// (<see cref="MemoryMb"/>, <see cref="BatchSize"/>, <see cref="Parallelism"/>, <see cref="Env"/>) has the same
/// fields and meaning as in <see cref="CellReport"/>, copied from the plan cell, so readers never parse
/// <see cref="CellId"/>. In reports written before these fields existed <see cref="MemoryMb"/> reads 0 and
/// <see cref="Env"/> is absent.
/// </summary>
public sealed record FailedCell(
    string CellId,
    int MemoryMb,
    int? BatchSize,
    int? Parallelism,
    IReadOnlyDictionary<string, string> Env,
    int Invocations,
    int Errors,
    string ErrorType,
    string? Message);
