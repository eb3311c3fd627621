using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Faults;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Api;

/// <summary>
/// The Lambda REST API (paths, JSON fields and error shapes of AWS), so an AWS client pointed at the service by
/// <c>AWS_ENDPOINT_URL_LAMBDA</c> works unchanged. Any Authorization header is accepted.
/// </summary>
internal sealed class LambdaApiRoutes
{
    private const string Functions = "/2015-03-31/functions";
    private const int MaxPayloadBytes = 6 * 1024 * 1024;
    private readonly FunctionStore _store;
    private readonly bool _limitsEnforced;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly LambdaFaultRoutes _faults;

    public LambdaApiRoutes(FunctionStore store, bool limitsEnforced, LambdaFaultInjector faults, ILogger logger, CancellationToken stopping)
    {
        _faults = new LambdaFaultRoutes(faults);
        _store = store;
        _limitsEnforced = limitsEnforced;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>Set once the server listens (environments need its address); routes are mapped before that.</summary>
    public InvocationEngine? Engine { get; set; }

    private InvocationEngine RequiredEngine => Engine ?? throw new LambdaServiceException(
        HttpStatusCode.ServiceUnavailable, "ServiceException", "The local Lambda service is starting.");

    public void Map(WebApplication app)
    {
        app.MapGet(Functions, c => Handle(c, LambdaOperation.ListFunctions, ListFunctionsAsync));
        app.MapGet(Functions + "/", c => Handle(c, LambdaOperation.ListFunctions, ListFunctionsAsync));
        app.MapGet(Functions + "/{FunctionName}", c => Handle(c, LambdaOperation.GetFunction, GetFunctionAsync));
        app.MapDelete(Functions + "/{FunctionName}", c => Handle(c, LambdaOperation.DeleteFunction, DeleteFunctionAsync));
        app.MapGet(Functions + "/{FunctionName}/configuration", c => Handle(c, LambdaOperation.GetFunctionConfiguration, GetConfigurationAsync));
        app.MapPut(Functions + "/{FunctionName}/configuration", c => Handle(c, LambdaOperation.UpdateFunctionConfiguration, UpdateConfigurationAsync));
        app.MapPut(Functions + "/{FunctionName}/code", c => Handle(c, LambdaOperation.UpdateFunctionCode, UpdateCodeAsync));
        app.MapPost(Functions + "/{FunctionName}/invocations", c => Handle(c, LambdaOperation.Invoke, InvokeAsync));
        app.MapPost(Functions + "/{FunctionName}/versions", c => Handle(c, LambdaOperation.PublishVersion, PublishVersionAsync));
        app.MapGet(Functions + "/{FunctionName}/versions", c => Handle(c, LambdaOperation.ListVersionsByFunction, ListVersionsAsync));
        app.MapPost(Functions + "/{FunctionName}/aliases", c => Handle(c, LambdaOperation.CreateAlias, CreateAliasAsync));
        app.MapGet(Functions + "/{FunctionName}/aliases", c => Handle(c, LambdaOperation.ListAliases, ListAliasesAsync));
        app.MapGet(Functions + "/{FunctionName}/aliases/{Name}", c => Handle(c, LambdaOperation.GetAlias, GetAliasAsync));
        app.MapPut(Functions + "/{FunctionName}/aliases/{Name}", c => Handle(c, LambdaOperation.UpdateAlias, UpdateAliasAsync));
        app.MapDelete(Functions + "/{FunctionName}/aliases/{Name}", c => Handle(c, LambdaOperation.DeleteAlias, DeleteAliasAsync));
        app.MapGet("/2017-03-31/tags/{ARN}", c => Handle(c, LambdaOperation.ListTags, ListTagsAsync));
        app.MapPost("/2017-03-31/tags/{ARN}", c => Handle(c, LambdaOperation.TagResource, TagResourceAsync));
        app.MapDelete("/2017-03-31/tags/{ARN}", c => Handle(c, LambdaOperation.UntagResource, UntagResourceAsync));
        app.MapPut("/2017-10-31/functions/{FunctionName}/concurrency", c => Handle(c, LambdaOperation.PutFunctionConcurrency, PutConcurrencyAsync));
        app.MapDelete("/2017-10-31/functions/{FunctionName}/concurrency", c => Handle(c, LambdaOperation.DeleteFunctionConcurrency, DeleteConcurrencyAsync));
        app.MapGet("/2019-09-30/functions/{FunctionName}/concurrency", c => Handle(c, LambdaOperation.GetFunctionConcurrency, GetConcurrencyAsync));
        _faults.Map(app);
        app.MapFallback(c => Handle(c, null, _ => throw new LambdaServiceException(
            HttpStatusCode.NotFound, "UnknownOperationException", $"Unknown operation: {c.Request.Method} {c.Request.Path}")));
    }

    private async Task Handle(HttpContext context, string? operation, Func<HttpContext, Task> action)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Items["RequestId"] = requestId;
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            if (operation is not null && _faults.Injector.Match(operation, AddressedFunction(context)) is { } fault)
            {
                throw new LambdaServiceException((HttpStatusCode)fault.Status, fault.ErrorType, fault.Message, fault.Reason, fault.RetryAfterSeconds);
            }

            await action(context).ConfigureAwait(false);
        }
        catch (LambdaServiceException ex)
        {
            await WriteErrorAsync(context, ex).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await WriteErrorAsync(context, new LambdaServiceException(HttpStatusCode.BadRequest, "InvalidRequestContentException", "Could not parse request body into json: " + ex.Message))
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Lambda API {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await WriteErrorAsync(context, new LambdaServiceException(HttpStatusCode.InternalServerError, "ServiceException", ex.Message)).ConfigureAwait(false);
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, LambdaServiceException error)
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

    private Task ListFunctionsAsync(HttpContext context) =>
        WritePageAsync(context, "Functions", _store.ListFunctions(), ApiJson.WriteConfiguration);

    private Task GetFunctionAsync(HttpContext context)
    {
        var name = Route(context, "FunctionName");
        var view = _store.GetConfiguration(name, Query(context, "Qualifier"));
        var (tags, concurrency) = _store.GetExtras(name);
        return WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("Configuration");
            ApiJson.WriteConfiguration(json, view);
            json.WriteStartObject("Code");
            json.WriteString("RepositoryType", "S3");
            json.WriteString("Location", "file://" + view.Config.CodePath);
            json.WriteEndObject();
            ApiJson.WriteMap(json, "Tags", tags);
            if (concurrency is { } reserved)
            {
                json.WriteStartObject("Concurrency");
                json.WriteNumber("ReservedConcurrentExecutions", reserved);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    private Task DeleteFunctionAsync(HttpContext context)
    {
        _store.Delete(Route(context, "FunctionName"), Query(context, "Qualifier"));
        return NoContent(context);
    }

    private Task GetConfigurationAsync(HttpContext context)
    {
        var view = _store.GetConfiguration(Route(context, "FunctionName"), Query(context, "Qualifier"));
        return WriteJsonAsync(context, json => ApiJson.WriteConfiguration(json, view));
    }

    private async Task UpdateConfigurationAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = body.RootElement;
        Dictionary<string, string>? variables = null;
        if (root.TryGetProperty("Environment", out var environment) && environment.ValueKind == JsonValueKind.Object)
        {
            variables = environment.TryGetProperty("Variables", out var v) ? ApiJson.ReadMap(v) ?? [] : [];
        }

        var update = new ConfigurationUpdate(
            IntField(root, "MemorySize"),
            IntField(root, "Timeout"),
            variables,
            StringField(root, "Description"),
            StringField(root, "RevisionId"));
        var view = _store.Update(Route(context, "FunctionName"), update);
        await WriteJsonAsync(context, json => ApiJson.WriteConfiguration(json, view)).ConfigureAwait(false);
    }

    private async Task PublishVersionAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = body.RootElement;
        var view = _store.Publish(Route(context, "FunctionName"), StringField(root, "Description"), StringField(root, "RevisionId"), StringField(root, "CodeSha256"));
        await WriteJsonAsync(context, json => ApiJson.WriteConfiguration(json, view), StatusCodes.Status201Created).ConfigureAwait(false);
    }

    /// <summary>UpdateFunctionCode with a <c>ZipFile</c> (base64): what a deploy looks like to Tuner (see <see cref="FunctionStore.UpdateCode"/>).</summary>
    private async Task UpdateCodeAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = body.RootElement;
        if (root.TryGetProperty("Publish", out var publish) && publish.ValueKind == JsonValueKind.True)
        {
            throw LambdaServiceException.InvalidParameter("Publish is not supported by the local Lambda service: call PublishVersion.");
        }

        byte[] zip;
        try
        {
            zip = Convert.FromBase64String(StringField(root, "ZipFile") ?? throw LambdaServiceException.InvalidParameter("ZipFile is required (S3Bucket/S3Key and ImageUri are not supported locally)."));
        }
        catch (FormatException)
        {
            throw LambdaServiceException.InvalidParameter("ZipFile must be base64.");
        }

        var view = _store.UpdateCode(Route(context, "FunctionName"), zip, StringField(root, "RevisionId"));
        await WriteJsonAsync(context, json => ApiJson.WriteConfiguration(json, view)).ConfigureAwait(false);
    }

    private Task ListVersionsAsync(HttpContext context)
    {
        return WritePageAsync(context, "Versions", _store.ListVersions(Route(context, "FunctionName")), ApiJson.WriteConfiguration);
    }

    private async Task CreateAliasAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var root = body.RootElement;
        var name = StringField(root, "Name") ?? throw LambdaServiceException.InvalidParameter("Name is required.");
        var version = StringField(root, "FunctionVersion") ?? throw LambdaServiceException.InvalidParameter("FunctionVersion is required.");
        var function = Route(context, "FunctionName");
        var alias = _store.CreateAlias(function, name, version, StringField(root, "Description"));
        await WriteJsonAsync(context, json => ApiJson.WriteAlias(json, _store.Region, FunctionNameOf(function), alias), StatusCodes.Status201Created)
            .ConfigureAwait(false);
    }

    private Task ListAliasesAsync(HttpContext context)
    {
        var function = Route(context, "FunctionName");
        return WritePageAsync(context, "Aliases", _store.ListAliases(function), (json, alias) => ApiJson.WriteAlias(json, _store.Region, FunctionNameOf(function), alias));
    }

    private Task GetAliasAsync(HttpContext context)
    {
        var function = Route(context, "FunctionName");
        var alias = _store.GetAlias(function, Route(context, "Name"));
        return WriteJsonAsync(context, json => ApiJson.WriteAlias(json, _store.Region, FunctionNameOf(function), alias));
    }

    private async Task UpdateAliasAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var function = Route(context, "FunctionName");
        var alias = _store.UpdateAlias(function, Route(context, "Name"), StringField(body.RootElement, "FunctionVersion"), StringField(body.RootElement, "Description"));
        await WriteJsonAsync(context, json => ApiJson.WriteAlias(json, _store.Region, FunctionNameOf(function), alias)).ConfigureAwait(false);
    }

    private Task DeleteAliasAsync(HttpContext context)
    {
        _store.DeleteAlias(Route(context, "FunctionName"), Route(context, "Name"));
        return NoContent(context);
    }

    private Task ListTagsAsync(HttpContext context)
    {
        var tags = _store.ListTags(Route(context, "ARN"));
        return WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            ApiJson.WriteMap(json, "Tags", tags);
            json.WriteEndObject();
        });
    }

    private async Task TagResourceAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var tags = body.RootElement.TryGetProperty("Tags", out var t) ? ApiJson.ReadMap(t) : null;
        _store.TagResource(Route(context, "ARN"), tags ?? throw LambdaServiceException.InvalidParameter("Tags is required."));
        await NoContent(context).ConfigureAwait(false);
    }

    private Task UntagResourceAsync(HttpContext context)
    {
        _store.UntagResource(Route(context, "ARN"), context.Request.Query["tagKeys"].OfType<string>());
        return NoContent(context);
    }

    private async Task PutConcurrencyAsync(HttpContext context)
    {
        using var body = await ReadJsonAsync(context).ConfigureAwait(false);
        var value = IntField(body.RootElement, "ReservedConcurrentExecutions")
            ?? throw LambdaServiceException.InvalidParameter("ReservedConcurrentExecutions is required.");
        _store.SetReservedConcurrency(Route(context, "FunctionName"), value);
        await WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("ReservedConcurrentExecutions", value);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task DeleteConcurrencyAsync(HttpContext context)
    {
        _store.SetReservedConcurrency(Route(context, "FunctionName"), null);
        return NoContent(context);
    }

    private Task GetConcurrencyAsync(HttpContext context)
    {
        var value = _store.GetReservedConcurrency(Route(context, "FunctionName"));
        return WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            if (value is { } reserved)
            {
                json.WriteNumber("ReservedConcurrentExecutions", reserved);
            }

            json.WriteEndObject();
        });
    }

    private async Task InvokeAsync(HttpContext context)
    {
        var invocationType = context.Request.Headers["X-Amz-Invocation-Type"].ToString();
        var tail = string.Equals(context.Request.Headers["X-Amz-Log-Type"].ToString(), "Tail", StringComparison.OrdinalIgnoreCase);
        var payload = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new LambdaServiceException(HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException",
                $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation");
        }

        var clientContext = context.Request.Headers["X-Amz-Client-Context"].ToString();
        string? decodedContext = null;
        if (clientContext.Length > 0)
        {
            try
            {
                decodedContext = Encoding.UTF8.GetString(Convert.FromBase64String(clientContext));
            }
            catch (FormatException)
            {
                throw LambdaServiceException.InvalidParameter("Client context must be a valid Base64-encoded JSON object.");
            }
        }

        var identifier = Route(context, "FunctionName");
        var qualifier = Query(context, "Qualifier");
        if (string.Equals(invocationType, "DryRun", StringComparison.Ordinal))
        {
            _store.GetConfiguration(identifier, qualifier);
            await NoContent(context).ConfigureAwait(false);
            return;
        }

        var function = _store.EnterInvocation(identifier, qualifier);
        var request = new InvocationRequest((string)context.Items["RequestId"]!, payload, function.InvokedArn, decodedContext);
        context.Response.Headers["X-Tuner-Limits"] = _limitsEnforced && !function.Config.System ? "on" : "off";
        if (string.Equals(invocationType, "Event", StringComparison.Ordinal))
        {
            _ = RunDetachedAsync(function, request);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // As on Lambda, an invocation runs to its end (or its timeout) when its caller goes away: a Step Functions
        // execution that is stopped leaves its Task's invocation running, and the local stack must show what that does.
        var result = await RequiredEngine.InvokeAsync(function, request, _stopping).ConfigureAwait(false);
        var headers = context.Response.Headers;
        headers["X-Amz-Executed-Version"] = result.ExecutedVersion;
        if (result.FunctionError is not null)
        {
            headers["X-Amz-Function-Error"] = result.FunctionError;
        }

        if (tail)
        {
            headers["X-Amz-Log-Result"] = ReportLine.Tail(result.Log);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.Body.WriteAsync(result.Payload, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _logger.LogDebug("The caller of invocation {RequestId} left before its result", request.RequestId);
        }
    }

    private async Task RunDetachedAsync(ResolvedFunction function, InvocationRequest request)
    {
        try
        {
            await RequiredEngine.InvokeAsync(function, request, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("Event invocation {RequestId} stopped with the service", request.RequestId);
        }
    }

    private static string Route(HttpContext context, string name) => (string?)context.GetRouteValue(name) ?? string.Empty;

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value.ToString() : null;

    private static string FunctionNameOf(string identifier) => LocalArn.Parse(identifier, null).Name;

    /// <summary>The function name a call addresses (by its path's name or ARN), or null when it names none or an invalid one.</summary>
    private static string? AddressedFunction(HttpContext context)
    {
        var identifier = (string?)context.GetRouteValue("FunctionName") ?? (string?)context.GetRouteValue("ARN");
        if (string.IsNullOrEmpty(identifier))
        {
            return null;
        }

        try
        {
            return FunctionNameOf(identifier);
        }
        catch (LambdaServiceException)
        {
            return null;
        }
    }

    private static int? IntField(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? (value.TryGetInt32(out var i) ? i : throw LambdaServiceException.InvalidParameter($"{name} is out of range."))
            : null;

    private static string? StringField(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<JsonDocument> ReadJsonAsync(HttpContext context)
    {
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        return body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(body);
    }

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>A list answer (one page: this service never paginates, <c>NextMarker</c> is null).</summary>
    private static Task WritePageAsync<T>(HttpContext context, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write) =>
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

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK)
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
