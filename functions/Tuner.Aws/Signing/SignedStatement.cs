using System.Security.Cryptography;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// What a version 2 signature signs: the UTF-8 JSON object
/// <c>{"schemaVersion":2,"runId":…,"job":…,"keyId":…,"reportSha256":…}</c>, properties in this order, no whitespace.
/// The ECDSA signature is over its SHA-256. Binding the run id and job means a report copied under another run (or
/// job) fails; binding the key id means a signature cannot claim another key than the one that made it.
/// A signature of another record than the report (the Cleaner's <c>cleanup.json</c>) signs
/// <c>{"schemaVersion":2,"record":…,"runId":…,"job":…,"keyId":…,"recordSha256":…}</c>: its bytes differ from every
/// report statement from the second property on, so a cleanup signature never verifies a report and the reverse.
/// </summary>
public static class SignedStatement
{
    /// <summary>The statement's bytes.</summary>
    public static byte[] Bytes(int schemaVersion, string runId, string job, string keyId, string reportSha256) =>
        Bytes(schemaVersion, record: null, runId, job, keyId, reportSha256);

    /// <summary>The statement's bytes for <paramref name="record"/> (null: the report's statement, unchanged).</summary>
    public static byte[] Bytes(int schemaVersion, string? record, string runId, string job, string keyId, string sha256)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", schemaVersion);
            if (record is not null)
            {
                writer.WriteString("record", record);
            }

            writer.WriteString("runId", runId);
            writer.WriteString("job", job);
            writer.WriteString("keyId", keyId);
            writer.WriteString(record is null ? "reportSha256" : "recordSha256", sha256);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The hash a signer signs for a bound signature of the record (a report unless <see cref="ReportBinding.Record"/>
    /// says otherwise) whose digest is <paramref name="reportSha256"/>.</summary>
    public static byte[] HashToSign(ReportBinding binding, string keyId, string reportSha256)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return SHA256.HashData(Bytes(ReportSignature.BoundVersion, binding.Record, binding.RunId, binding.Job, keyId, reportSha256));
    }
}
