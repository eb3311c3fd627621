namespace Tuner.Reports.Synthetic;

/// <summary>
/// Shape of a <see cref="SyntheticReport"/>: the matrix, how much slower/heavier than nominal it measured
/// (regressions), how many cells failed, and the baseline configuration.
/// </summary>
internal sealed record SyntheticReportOptions
{
    public string Job { get; init; } = "orders-weekly";

    public string RunId { get; init; } = "run-2026-11-21";

    public DateTimeOffset FinishedAt { get; init; } = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<int> MemoryMb { get; init; } = [128, 256, 512, 1024, 1769];

    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 10, 25];

    public IReadOnlyList<int> Parallelism { get; init; } = [1, 4];

    public int BaselineMemoryMb { get; init; } = 1024;

    public int BaselineBatchSize { get; init; } = 1;

    public int BaselineParallelism { get; init; } = 1;

    public double DurationFactor { get; init; } = 1;

    public double MemoryFactor { get; init; } = 1;

    public int FailedCells { get; init; }

    public double BaselineErrorRate { get; init; }

    public long? MonthlyInvocations { get; init; } = 30_000_000;

    public bool Local { get; init; }

    public bool LimitsEnforced { get; init; } = true;

    public int Invocations { get; init; } = 50;
}
