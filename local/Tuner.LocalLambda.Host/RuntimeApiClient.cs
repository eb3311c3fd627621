using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tuner.LocalLambda.Host;

/// <summary>The client side of the Lambda Runtime API (<c>/2018-06-01/runtime/...</c>).</summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Long-polls for the next event; returns its request id and payload.</summary>
    public async Task<(string RequestId, byte[] Payload)> NextAsync()
    {
        using var response = await _http.GetAsync("invocation/next").ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var requestId = response.Headers.TryGetValues("Lambda-Runtime-Aws-Request-Id", out var ids) ? ids.First() : string.Empty;
        var payload = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return (requestId, payload);
    }

    public async Task RespondAsync(string requestId, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        using var response = await _http.PostAsync($"invocation/{requestId}/response", content).ConfigureAwait(false);
    }

    public Task ReportInvocationErrorAsync(string requestId, Exception error) =>
        PostErrorAsync($"invocation/{requestId}/error", error.GetType().Name, error.Message, error.StackTrace);

    public Task ReportInitErrorAsync(string errorType, Exception error) =>
        PostErrorAsync("init/error", errorType, error.Message, error.StackTrace);

    public void Dispose() => _http.Dispose();

    private async Task PostErrorAsync(string path, string errorType, string message, string? stackTrace)
    {
        using var content = new ByteArrayContent(ErrorBody(errorType, message, stackTrace));
        content.Headers.ContentType = JsonType;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>The managed runtime's error document: errorType, errorMessage, stackTrace lines.</summary>
    private static byte[] ErrorBody(string errorType, string message, string? stackTrace)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", message);
            json.WriteStartArray("stackTrace");
            foreach (var line in (stackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Encodes a log marker line (kept out of the function's log by the service).</summary>
    public static string Marker(string requestId) => "\u001eTUNER-END " + requestId + "\u001e";

    public static byte[] Utf8(string value) => Encoding.UTF8.GetBytes(value);
}
