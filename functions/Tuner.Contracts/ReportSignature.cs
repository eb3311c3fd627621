namespace Tuner.Contracts;

/// <summary>
/// The content of <c>report.sig.json</c> (<see cref="ReportSignatureFile"/>). <c>Algorithm</c> is <c>ECDSA_SHA_256</c>; <c>DigestSha256</c> is lowercase hex
/// of SHA-256 over the canonical report bytes; <c>Signature</c> is base64 of the DER-encoded ECDSA signature (as KMS returns it).
/// <see cref="SchemaVersion"/> 1 (files without the field): the signature is over the report digest alone.
/// <see cref="SchemaVersion"/> 2: it is over the SHA-256 of a statement naming the schema version, <see cref="RunId"/>,
/// <see cref="Job"/>, <c>KeyId</c> and the report digest (Tuner.Aws's <c>SignedStatement</c>), so none of them can be
/// changed without the signature failing.
/// </summary>
public sealed record ReportSignature(string Algorithm, string KeyId, string DigestSha256, string Signature, DateTimeOffset SignedAt)
{
    /// <summary>Signatures over the report digest alone (before run id, job and key were bound).</summary>
    public const int UnboundVersion = 1;

    /// <summary>Signatures over the statement that binds run id, job and key id.</summary>
    public const int BoundVersion = 2;

    /// <summary>The <see cref="Record"/> of a signature of the Cleaner's <c>cleanup.json</c>.</summary>
    public const string CleanupRecord = "cleanup";

    /// <summary>1 when the file has no <c>schemaVersion</c> (reports signed before it existed).</summary>
    public int SchemaVersion { get; init; } = UnboundVersion;

    /// <summary>The run the signature binds (version 2), null in version 1.</summary>
    public string? RunId { get; init; }

    /// <summary>The job the signature binds (version 2), null in version 1.</summary>
    public string? Job { get; init; }

    /// <summary>Which record was signed (part of the signed statement): null for <c>report.json</c> (and absent from
    /// <c>report.sig.json</c>), <see cref="CleanupRecord"/> for <c>cleanup.json</c>. Version 2 only.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Record { get; init; }

    /// <summary>Whether run id, job and key id are part of what was signed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsBound => SchemaVersion >= BoundVersion;
}
