using System.Text.Json;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;

namespace Tuner.Functions;

/// <summary>Reads a handler's input and writes its output in the <see cref="TunerJson"/> shape.</summary>
internal static class HandlerJson
{
    public static async Task<T> ReadAsync<T>(Stream input)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(input, TunerJson.Options)
                ?? throw new InvalidStateInputException($"the state input is null, expected {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidStateInputException($"the state input is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static Stream Write<T>(T output) => new MemoryStream(TunerJson.Serialize(output), writable: false);
}
