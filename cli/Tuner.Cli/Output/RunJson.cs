namespace Tuner.Cli.Output;

/// <summary>
/// <c>tuner run --json</c> (docs/schemas/run.schema.json): how the run ended, whether its report verified, where the
/// files are, and the report's summary; <see cref="Problems"/> when the request was refused before anything started.
/// </summary>
internal sealed record RunJson(
    string Schema,
    string Request,
    string? RunId,
    string Status,
    bool Verified,
    string? ReportDirectory,
    string? Error,
    IReadOnlyList<Plan.ProblemJson> Problems,
    ReportSummaryJson? Report)
{
    public const string SchemaId = "tuner.run/v1";

    /// <summary><see cref="Status"/> of a request refused before any engine started.</summary>
    public const string Refused = "REFUSED";
}
