namespace Tuner.Cli.Output;

/// <summary>
/// <c>tuner verify --json</c> (docs/schemas/verify.schema.json): <see cref="Result"/> is <c>verified</c>,
/// <c>mismatch</c> or <c>cannotVerify</c> (as exit codes 0, 1, 2); the signature's fields when it could be read.
/// </summary>
internal sealed record VerifyJson(
    string Schema,
    string Report,
    string Signature,
    string Result,
    bool Verified,
    string? KeyId,
    string? Algorithm,
    string? DigestSha256,
    DateTimeOffset? SignedAt,
    string Message)
{
    public const string SchemaId = "tuner.verify/v1";

    /// <summary>For a verified report: the Cleaner's cleanup.json beside it, as checked (null: none beside it, or a cleanup.json given as the file to verify).</summary>
    public CleanupJson? Cleanup { get; init; }
}
