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

    /// <summary>Whether the bucket had the Cleaner's cleanup.json, and cleanup.sig.json beside it.</summary>
    public CleanupRecordState Cleanup { get; init; } = CleanupRecordState.Absent;

    /// <summary>The check of cleanup.sig.json (null unless <see cref="Cleanup"/> is <see cref="CleanupRecordState.Checked"/>).</summary>
    public CleanupVerdict? CleanupVerdict { get; init; }
}

/// <summary>What the bucket had of a run's cleanup record.</summary>
public enum CleanupRecordState
{
    /// <summary>No cleanup.json (the Cleaner has not run, or could not write it).</summary>
    Absent,

    /// <summary>cleanup.json without cleanup.sig.json.</summary>
    NotSigned,

    /// <summary>A signed record, but no key to check it with (a stack without the <c>CleanupSigningKeyId</c> output).</summary>
    NoKey,

    /// <summary>Checked with the stack's cleanup key: see <see cref="ReportDownload.CleanupVerdict"/>.</summary>
    Checked,
}
