namespace Tuner.Cli.Deployed;

/// <summary>A run's report files copied from the bucket, and whether report.json's signature checked out.</summary>
/// <param name="RunId">The run (the execution name).</param>
/// <param name="Directory">Where the files were written.</param>
/// <param name="Files">Paths of the files written.</param>
/// <param name="SignatureValid">True when report.sig.json verifies report.json with the signing key.</param>
/// <param name="KeyId">The key id named in report.sig.json.</param>
public sealed record ReportDownload(string RunId, string Directory, IReadOnlyList<string> Files, bool SignatureValid, string KeyId);
