namespace Tuner.Reports.Tests.TestHelpers.Synthetic;

/// <summary>
/// Shape of a <see cref="SyntheticReport"/>: the matrix, how much slower/heavier than nominal it measured
/// (regressions), how many cells failed, and the baseline configuration. <see cref="Staged"/> makes a schema v2
/// report: a staged decision per target, warm statistics with quantile intervals only where the sample allows one,
/// cold-start profiles and costs priced at <see cref="ColdStartShare"/>.
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

    public bool Staged { get; init; }

    /// <summary>With <see cref="Staged"/>: the A/A check finds the current configuration unstable by more than the best candidate saves.</summary>
    public bool UnstableBaseline { get; init; }

    /// <summary>With <see cref="Staged"/>: the production share of cold starts costs are priced at.</summary>
    public double ColdStartShare { get; init; } = 0.02;
}
