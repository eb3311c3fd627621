using System.Text.Json;
using System.Text.Json.Serialization;
namespace Tuner.Contracts;

/// <summary>
/// Reads and writes <c>report.sig.json</c>: a camelCase JSON object
/// <c>{"algorithm","keyId","digestSha256","signature","signedAt","schemaVersion","runId","job"}</c> (the last three since
/// version 2; a file without <c>schemaVersion</c> is version 1). The Reducer writes it, <c>tuner verify</c> reads it.
/// <c>cleanup.sig.json</c>, the Cleaner's signature of <c>cleanup.json</c>, has the same shape plus <c>"record":"cleanup"</c>.
/// </summary>
public static class ReportSignatureFile
{
    /// <summary>The one algorithm Tuner signs with (KMS's name for ECDSA P-256 over SHA-256).</summary>
    public const string Algorithm = "ECDSA_SHA_256";

    /// <summary>The file name beside <c>report.json</c>.</summary>
    public const string FileName = BucketKeys.SignatureFile;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Serialize(ReportSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return JsonSerializer.SerializeToUtf8Bytes(signature, Options);
    }

    /// <summary>Parses the file; throws <see cref="FormatException"/> naming the missing field when it is incomplete.</summary>
    public static ReportSignature Parse(ReadOnlySpan<byte> json)
    {
        ReportSignature? signature;
        try
        {
            signature = JsonSerializer.Deserialize<ReportSignature>(json, Options);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{FileName} is not valid JSON: {e.Message}", e);
        }

        if (signature is null)
        {
            throw new FormatException($"{FileName} is empty");
        }

        foreach (var (name, value) in new[]
        {
            ("algorithm", signature.Algorithm), ("keyId", signature.KeyId), ("digestSha256", signature.DigestSha256), ("signature", signature.Signature),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new FormatException($"{FileName} has no {name}");
            }
        }

        if (signature.SchemaVersion is < ReportSignature.UnboundVersion or > ReportSignature.BoundVersion)
        {
            throw new FormatException($"{FileName} has schemaVersion {signature.SchemaVersion}; this Tuner knows {ReportSignature.UnboundVersion} and {ReportSignature.BoundVersion}");
        }

        if (signature.IsBound && (string.IsNullOrWhiteSpace(signature.RunId) || string.IsNullOrWhiteSpace(signature.Job)))
        {
            throw new FormatException($"{FileName} has schemaVersion {signature.SchemaVersion} but no {(string.IsNullOrWhiteSpace(signature.RunId) ? "runId" : "job")}");
        }

        if (signature.Record is not null && !signature.IsBound)
        {
            throw new FormatException($"{FileName} names record '{signature.Record}' but has schemaVersion {signature.SchemaVersion}; records are signed from version {ReportSignature.BoundVersion}");
        }

        return signature;
    }

    public static async Task<ReportSignature> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    public static Task WriteAsync(string path, ReportSignature signature, CancellationToken cancellationToken = default) =>
        File.WriteAllBytesAsync(path, Serialize(signature), cancellationToken);
}
