using System.Net;
using System.Text.Json;

namespace Tuner.LocalLambda.Faults;

/// <summary>
/// <c>/_tuner/faults</c>: POST adds rules, GET lists them with their hit counts, DELETE clears them. Answered only to
/// callers on the loopback interface (the server binds 127.0.0.1; this refuses anything else that reaches it).
/// </summary>
internal sealed class LambdaFaultRoutes(LambdaFaultInjector injector)
{
    public const string Path = "/_tuner/faults";

    public LambdaFaultInjector Injector { get; } = injector;

    public void Map(WebApplication app)
    {
        app.MapPost(Path, AddAsync);
        app.MapGet(Path, ListAsync);
        app.MapDelete(Path, ClearAsync);
    }

    private async Task AddAsync(HttpContext context)
    {
        if (await RefusedAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        IReadOnlyList<LambdaFaultRule> rules;
        IReadOnlyList<string> errors;
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            (rules, errors) = LambdaFaultRulesJson.Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            (rules, errors) = ([], ["(body): not JSON: " + ex.Message]);
        }

        if (errors.Count > 0)
        {
            await WriteAsync(context, HttpStatusCode.BadRequest, json =>
            {
                json.WriteStartObject();
                json.WriteStartArray("errors");
                foreach (var error in errors)
                {
                    json.WriteStringValue(error);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        Injector.Add(rules);
        await ListAsync(context).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context)
    {
        if (!await RefusedAsync(context).ConfigureAwait(false))
        {
            await WriteAsync(context, HttpStatusCode.OK, json => LambdaFaultRulesJson.Write(json, Injector.List())).ConfigureAwait(false);
        }
    }

    private async Task ClearAsync(HttpContext context)
    {
        if (!await RefusedAsync(context).ConfigureAwait(false))
        {
            Injector.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }

    private static async Task<bool> RefusedAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
        {
            return false;
        }

        await WriteAsync(context, HttpStatusCode.Forbidden, json =>
        {
            json.WriteStartObject();
            json.WriteString("message", "Fault injection is served to loopback callers only.");
            json.WriteEndObject();
        }).ConfigureAwait(false);
        return true;
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
