using Tuner.Aws.Signing;

namespace Tuner.Cli.Deployed;

/// <summary>A run's report files copied from the bucket, and what the check of report.json's signature found.</summary>
/// <param name="RunId">The run (the execution name).</param>
/// <param name="Directory">Where the files were written.</param>
/// <param name="Files">Paths of the files written.</param>
/// <param name="Verdict">Whether report.sig.json verifies report.json with the stack's key, bound to <paramref name="RunId"/>.</param>
public sealed record ReportDownload(string RunId, string Directory, IReadOnlyList<string> Files, ReportVerdict Verdict)
{
    /// <summary>True when the signature verifies with the stack's key and binds the report to this run.</summary>
    public bool SignatureValid => Verdict.Valid;

    /// <summary>The key id named in report.sig.json.</summary>
    public string KeyId => Verdict.KeyId;
}
