namespace Tuner.Core.Reports;

/// <summary>
/// The comparison with the previous report of the same job (absent on a job's first run): per-metric
/// <see cref="Entries"/> and, per target present in both runs, whether the recommendation changed
/// (<see cref="Recommendations"/>; absent in reports written before the field existed).
/// </summary>
public sealed record TrendSection(
    string PreviousRunId,
    DateTimeOffset PreviousFinishedAt,
    IReadOnlyList<TrendEntry> Entries,
    IReadOnlyList<RecommendationChange> Recommendations);
