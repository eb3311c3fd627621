namespace Tuner.Cli.Output;

/// <summary><c>tuner report --json</c> (docs/schemas/report-summary.schema.json): the report's file, whether a signature file is beside it, and its summary.</summary>
internal sealed record ReportJson(string Schema, string Path, bool Signed, string? KeyId, ReportSummaryJson Report)
{
    public const string SchemaId = "tuner.report-summary/v1";

    /// <summary>The Cleaner's record beside the report, checked (null: none, as for runs before the Cleaner wrote one).</summary>
    public CleanupJson? Cleanup { get; init; }
}
