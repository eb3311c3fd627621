using System.Globalization;
using System.Text.Json;

namespace Tuner.LocalLambda.Api;

/// <summary>
/// The HTTP shapes of the Lambda REST API: route and query values, request body fields, JSON answers (one page,
/// <c>NextMarker</c> null), 204s and AWS's error documents (<c>x-amzn-ErrorType</c>, <c>Retry-After</c>).
/// </summary>
internal static class ApiHttp
{
    public static async Task WriteErrorAsync(HttpContext context, LambdaServiceException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = (int)error.Status;
        context.Response.Headers["x-amzn-ErrorType"] = error.ErrorType;
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("Type", "User");
            json.WriteString("message", error.Message);
            if (error.Reason is not null)
            {
                json.WriteString("Reason", error.Reason);
            }

            if (error.RetryAfterSeconds is { } seconds)
            {
                json.WriteString("retryAfterSeconds", seconds.ToString(CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
        }, (int)error.Status).ConfigureAwait(false);
    }

    public static string Route(HttpContext context, string name) => (string?)context.GetRouteValue(name) ?? string.Empty;

    public static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    public static int? IntField(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? (value.TryGetInt32(out var i) ? i : throw LambdaServiceException.InvalidParameter($"{name} is out of range."))
            : null;

    public static string? StringField(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static async Task<JsonDocument> ReadJsonAsync(HttpContext context)
    {
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        return body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(body);
    }

    public static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>A list answer (one page: this service never paginates, <c>NextMarker</c> is null).</summary>
    public static Task WritePageAsync<T>(HttpContext context, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write) =>
        WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray(name);
            foreach (var item in items)
            {
                write(json, item);
            }

            json.WriteEndArray();
            json.WriteNull("NextMarker");
            json.WriteEndObject();
        });

    public static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }
}
