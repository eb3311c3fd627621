using System.Net;
using System.Text.Json;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Faults;
using Tuner.LocalLambda.Functions;
using static Tuner.LocalLambda.Api.ApiHttp;

namespace Tuner.LocalLambda.Api;

/// <summary>
/// The Lambda REST API (paths, JSON fields and error shapes of AWS), so an AWS client pointed at the service by
/// <c>AWS_ENDPOINT_URL_LAMBDA</c> works unchanged. Any Authorization header is accepted.
/// </summary>
internal sealed class LambdaApiRoutes
{
    private const string Functions = "/2015-03-31/functions";
    private readonly FunctionStore _store;
    private readonly ILogger _logger;
    private readonly LambdaFaultRoutes _faults;
    private readonly InvokeEndpoint _invoke;

    public LambdaApiRoutes(FunctionStore store, bool limitsEnforced, LambdaFaultInjector faults, ILogger logger, CancellationToken stopping)
    {
        _faults = new LambdaFaultRoutes(faults);
        _store = store;
        _logger = logger;
        _invoke = new InvokeEndpoint(store, () => RequiredEngine, limitsEnforced, logger, stopping);
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
        app.MapPost(Functions + "/{FunctionName}/invocations", c => Handle(c, LambdaOperation.Invoke, _invoke.InvokeAsync));
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
}
