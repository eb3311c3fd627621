namespace Tuner.Core.Reports;

/// <summary>
/// Whether one target's recommended configuration changed since the previous run of the job.
/// <see cref="Previous"/> and <see cref="Current"/> describe the recommended configurations for people
/// (e.g. "1024 MB · batch 25 · 4 parallel"); either is absent when that run had no recommendation.
/// </summary>
public sealed record RecommendationChange(string Function, bool Changed, string? Previous, string? Current);
