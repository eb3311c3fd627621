using System.Security.Cryptography;
using System.Text.Json;
using Tuner.Core.Ports;

namespace Tuner.Aws.Signing;

/// <summary>
/// What a version 2 signature signs: the UTF-8 JSON object
/// <c>{"schemaVersion":2,"runId":…,"job":…,"keyId":…,"reportSha256":…}</c>, properties in this order, no whitespace.
/// The ECDSA signature is over its SHA-256. Binding the run id and job means a report copied under another run (or
/// job) fails; binding the key id means a signature cannot claim another key than the one that made it.
/// </summary>
public static class SignedStatement
{
    /// <summary>The statement's bytes.</summary>
    public static byte[] Bytes(int schemaVersion, string runId, string job, string keyId, string reportSha256)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", schemaVersion);
            writer.WriteString("runId", runId);
            writer.WriteString("job", job);
            writer.WriteString("keyId", keyId);
            writer.WriteString("reportSha256", reportSha256);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The hash a signer signs for a bound signature of a report whose digest is <paramref name="reportSha256"/>.</summary>
    public static byte[] HashToSign(ReportBinding binding, string keyId, string reportSha256)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return SHA256.HashData(Bytes(ReportSignature.BoundVersion, binding.RunId, binding.Job, keyId, reportSha256));
    }
}
