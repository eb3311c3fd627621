using System.Text.Encodings.Web;
using System.Text.Json;
using Tuner.Core.Serialization;

namespace Tuner.Core.Reports;

/// <summary>
/// The canonical JSON form (the bytes that get signed): UTF-8, no whitespace, object keys sorted by ordinal
/// (UTF-16) order at every depth, nulls omitted, numbers as System.Text.Json writes them (shortest round-trip,
/// invariant culture), array order kept. The same value gives the same bytes in every run and culture.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    /// <summary>Serialises <paramref name="value"/> with <see cref="TunerJson.Options"/> and canonicalises it.</summary>
    public static byte[] Serialize<T>(T value) => Canonicalize(JsonSerializer.SerializeToUtf8Bytes(value, TunerJson.Options));

    /// <summary>Rewrites any JSON document in canonical form.</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, document.RootElement);
        }

        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = element.EnumerateObject()
                    .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                    .OrderBy(p => p.Name, StringComparer.Ordinal)
                    .ToList();
                for (var i = 1; i < properties.Count; i++)
                {
                    if (string.Equals(properties[i].Name, properties[i - 1].Name, StringComparison.Ordinal))
                    {
                        throw new JsonException($"duplicate key '{properties[i].Name}' cannot be canonicalised");
                    }
                }

                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
