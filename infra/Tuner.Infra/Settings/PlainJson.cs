using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tuner.Infra.Settings;

/// <summary>Converts JSON into the plain values jsii marshals (dictionaries, arrays, strings, doubles, booleans):
/// request files become rule inputs, cdk.json context becomes <c>AppProps.Context</c>.</summary>
public static class PlainJson
{
    /// <summary>The plain value of <paramref name="node"/>; JSON null becomes null.</summary>
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => FromNode(p.Value)),
        JsonArray arr => arr.Select(FromNode).ToArray(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // jsii numbers are doubles; whole numbers still serialize without a fraction.
            JsonValueKind.Number => value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
