using Tuner.Core.Pricing;
using Tuner.Core.Requests;

namespace Tuner.Core.Reports;

/// <summary>
/// The versioned result of a run (<c>report.json</c>). <see cref="CanonicalJson.Serialize{T}"/> gives the bytes
/// that are signed. <see cref="Alerts"/> and <see cref="Trend"/> are filled by the reports engine
/// (use <c>report with { Alerts = ..., Trend = ... }</c>) before signing.
/// </summary>
public sealed record TuningReport(
    string SchemaVersion,
    RunMetadata Run,
    TuningRequest Request,
    IReadOnlyList<PriceSheet> Pricing,
    IReadOnlyList<TargetReport> Targets,
    TuningRunCost TuningCost,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ReportAlert> Alerts,
    TrendSection? Trend)
{
    /// <summary>
    /// The current <see cref="SchemaVersion"/>. v2 (staged decisions): warm-only statistics, cold-start profiles,
    /// production cost and <see cref="TargetReport.Decision"/>; v1 reports still read, render and verify.
    /// </summary>
    public const string CurrentSchemaVersion = "tuner.report/v2";

    /// <summary>Reads a report written by <see cref="CanonicalJson.Serialize{T}"/> or <see cref="Serialization.TunerJson"/>.</summary>
    public static TuningReport Parse(ReadOnlySpan<byte> utf8) =>
        Serialization.TunerJson.Deserialize<TuningReport>(utf8) ?? throw new System.Text.Json.JsonException("report is null");
}
