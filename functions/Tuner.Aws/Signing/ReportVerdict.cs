using Tuner.Contracts;

namespace Tuner.Aws.Signing;

/// <summary>What <see cref="SignedReportCheck"/> found.</summary>
/// <param name="Valid">True when the signature verifies with the expected key and the run and job match.</param>
/// <param name="Problem">Why not, when <paramref name="Valid"/> is false.</param>
/// <param name="RunId">The run the signed report is of (empty when the check failed before reading it).</param>
/// <param name="Job">The job the signed report is of.</param>
/// <param name="Bound">True for a version 2 signature (run id, job and key id signed); false for version 1.</param>
/// <param name="KeyId">The key the signature names.</param>
public sealed record ReportVerdict(bool Valid, string? Problem, string RunId, string Job, bool Bound, string KeyId)
{
    /// <summary>A failed check.</summary>
    public static ReportVerdict Fails(ReportSignature signature, string problem)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new ReportVerdict(false, problem, string.Empty, string.Empty, signature.IsBound, signature.KeyId);
    }

    /// <summary>What a valid signature proves, in one sentence (version 1 signatures say what they do not prove).</summary>
    public string Proves => Bound
        ? $"signed by the expected key {KeyId}, bound to run '{RunId}' of job '{Job}'"
        : $"signed by the expected key {KeyId} (version 1 signature: it covers the report's bytes, which name run '{RunId}' of job '{Job}', but not the key id; re-signed reports carry version 2)";
}
