namespace Tuner.Core.Reports;

/// <summary>
/// Identity and timing of a run. <see cref="LimitsEnforced"/> is false when any sample ran without Lambda-like
/// CPU/memory caps (local mode without cgroups): such figures are not comparable with AWS.
/// </summary>
public sealed record RunMetadata(
    string RunId,
    string Job,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    RunMode Mode,
    bool LimitsEnforced,
    string Region,
    string? ExecutionId = null);
