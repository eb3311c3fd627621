using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tuner.Core.Serialization;

/// <summary>
/// The JSON shape of every Tuner message (plans, samples, reports, handler payloads): camelCase names,
/// camelCase enum strings, nulls left out. System.Text.Json writes numbers in invariant culture.
/// </summary>
public static class TunerJson
{
    /// <summary>Compact options for messages and files.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same shape, indented for humans.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new TunerEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8) => JsonSerializer.Deserialize<T>(utf8, Options);
}
