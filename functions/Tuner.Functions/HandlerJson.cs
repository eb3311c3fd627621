using System.Text.Json;
using Tuner.Functions.Errors;
using Tuner.Functions.Messages;

namespace Tuner.Functions;

/// <summary>Reads a handler's input and writes its output with the source-generated <see cref="StateMessageJson"/>
/// metadata on <see cref="StateMessageJson.Wire"/> (the <c>TunerJson</c> shape); a type outside the context is
/// refused, not read by reflection.</summary>
internal static class HandlerJson
{
    public static async Task<T> ReadAsync<T>(Stream input)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(input, StateMessageJson.TypeInfo<T>())
                ?? throw new InvalidStateInputException($"the state input is null, expected {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidStateInputException($"the state input is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static Stream Write<T>(T output) => new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(output, StateMessageJson.TypeInfo<T>()), writable: false);
}
