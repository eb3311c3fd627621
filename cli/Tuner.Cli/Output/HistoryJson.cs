namespace Tuner.Cli.Output;

/// <summary><c>tuner history --json</c> (docs/schemas/history.schema.json): the job's runs found in the reports folder, newest first, and the files skipped.</summary>
internal sealed record HistoryJson(string Schema, string Job, string Directory, IReadOnlyList<HistoryRunJson> Runs, IReadOnlyList<string> Skipped)
{
    public const string SchemaId = "tuner.history/v1";
}

/// <summary>One run of the history.</summary>
internal sealed record HistoryRunJson(string Path, bool Signed, ReportSummaryJson Report)
{
    /// <summary>The Cleaner's record beside the report, checked (null: none).</summary>
    public CleanupJson? Cleanup { get; init; }
}
