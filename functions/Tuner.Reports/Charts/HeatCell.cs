namespace Tuner.Reports.Charts;

/// <summary>
/// One cell of the memory × batch-configuration heat map. <see cref="Value"/> is <c>null</c> when the cell
/// failed (no measurement); <see cref="Column"/> names the non-memory configuration (batch size, parallelism, other knobs).
/// </summary>
internal sealed record HeatCell(
    string Id,
    int MemoryMb,
    string Column,
    double? Value,
    bool Failed,
    bool IsBaseline,
    bool IsRecommended,
    string Tooltip);
