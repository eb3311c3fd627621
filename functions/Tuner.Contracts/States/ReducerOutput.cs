namespace Tuner.Contracts.States;

/// <summary>
/// The Reducer's result: where the report files are, and a one-line recommendation per target for terminals and logs.
/// The ASL keeps it at <c>$.report</c>, the Cleaner's <see cref="CleanerOutput"/> is added to it as <c>cleanup</c>, and
/// it is the execution's output; readers use <see cref="StateOutputJson"/>. The <c>required</c> properties are the ones
/// the Reducer always writes; the declaration order is the JSON's property order.
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
