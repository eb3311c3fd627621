namespace Tuner.Core.Reports;

/// <summary>The comparison with the previous report of the same job (absent on a job's first run).</summary>
public sealed record TrendSection(string PreviousRunId, DateTimeOffset PreviousFinishedAt, IReadOnlyList<TrendEntry> Entries);
