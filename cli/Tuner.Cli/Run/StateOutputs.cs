using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tuner.Cli.Run;

/// <summary>Reads a state's output with Tuner.Contracts' source-generated <c>StateOutputJson</c> (local and AWS progress).</summary>
internal static class StateOutputs
{
    /// <summary>The output as <typeparamref name="T"/>; null when it is not a JSON object of that shape.</summary>
    public static T? Read<T>(JsonElement? output, JsonTypeInfo<T> type)
        where T : class
    {
        if (output is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            return element.Deserialize(type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
