using System.Text;
using System.Text.Json;

namespace Tuner.IntegrationTests.S3;

/// <summary>The local S3's fault rules (s3.mjs, <c>/_tuner/faults</c>) as the JSON it takes.</summary>
internal static class S3FaultRulesJson
{
    public static string ToJson(IReadOnlyList<S3FaultRule> rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteNumber("status", rule.Status);
                json.WriteString("code", rule.Code);
                WriteIfSet(json, "method", rule.Method);
                WriteIfSet(json, "keyPrefix", rule.KeyPrefix);
                WriteIfSet(json, "message", rule.Message);
                if (rule.Count is { } count)
                {
                    json.WriteNumber("count", count);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
