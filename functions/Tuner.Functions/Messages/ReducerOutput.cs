namespace Tuner.Functions.Messages;

/// <summary>
/// The Reducer's result (the execution's output, with the Cleaner's result added as <c>cleanup</c>): where the report
/// files are, and a one-line recommendation per target for terminals and logs. The declaration order is the JSON's
/// property order.
/// </summary>
public sealed record ReducerOutput
{
    public required string RunId { get; init; }

    public required string Job { get; init; }

    public required string Bucket { get; init; }

    public required string ReportKey { get; init; }

    public required string SignatureKey { get; init; }

    public string? HtmlKey { get; init; }

    public string? CsvKey { get; init; }

    public required string LatestKey { get; init; }

    public required int CellsMeasured { get; init; }

    public required int CellsFailed { get; init; }

    public required IReadOnlyList<string> Recommendations { get; init; }
}
