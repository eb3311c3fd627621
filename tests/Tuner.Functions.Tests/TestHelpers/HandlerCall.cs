using System.Text.Json;
using Tuner.Core.Serialization;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Calls a handler the way the Lambda runtime does: JSON bytes in, JSON bytes out.</summary>
public static class HandlerCall
{
    public static async Task<T> InvokeAsync<T>(Func<Stream, Task<Stream>> handle, object input)
    {
        using var request = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(input, TunerJson.Options));
        await using var response = await handle(request);
        return await JsonSerializer.DeserializeAsync<T>(response, TunerJson.Options) ?? throw new InvalidOperationException("null output");
    }

    public static async Task<JsonElement> InvokeRawAsync(Func<Stream, Task<Stream>> handle, string json)
    {
        using var request = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        await using var response = await handle(request);
        using var document = await JsonDocument.ParseAsync(response);
        return document.RootElement.Clone();
    }
}
