namespace Tuner.Functions.Messages;

/// <summary>
/// The Reducer's result (the execution's output, with the Cleaner's result added as <c>cleanup</c>): where the report
/// files are, and a one-line recommendation per target for terminals and logs.
/// </summary>
public sealed record ReducerOutput(
    string RunId,
    string Job,
    string Bucket,
    string ReportKey,
    string SignatureKey,
    string? HtmlKey,
    string? CsvKey,
    string LatestKey,
    int CellsMeasured,
    int CellsFailed,
    IReadOnlyList<string> Recommendations);
