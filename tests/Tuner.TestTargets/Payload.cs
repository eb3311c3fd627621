using System.Text;
using System.Text.Json;

namespace Tuner.TestTargets;

/// <summary>Reads numbers from a JSON event and writes JSON results.</summary>
internal static class Payload
{
    public static long Number(Stream input, string name, long fallback)
    {
        using var document = JsonDocument.Parse(input);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
            ? value.GetInt64()
            : fallback;
    }

    public static Stream Json(object value) => new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
}
