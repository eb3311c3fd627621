using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Aws.Http;
using Tuner.Core.Ports;

namespace Tuner.Aws.Lambda;

/// <summary>
/// <see cref="ILambdaApi"/> over Lambda's REST JSON API (2015-03-31; tags 2017-03-31), signed with SigV4. Works against
/// AWS and against Tuner's local Lambda service (<c>AWS_ENDPOINT_URL_LAMBDA</c>). Error answers become
/// <see cref="LambdaApiException"/> with AWS's error code; throttling and 5xx are retried with backoff first, except on
/// Invoke, which is sent once (see <see cref="InvokeAsync"/>).
/// </summary>
public sealed class LambdaApiClient : AwsHttpClient, ILambdaApi
{
    /// <summary>Set by Tuner's local Lambda service when it cannot cap CPU/memory like Lambda (<c>off</c>).</summary>
    public const string LimitsHeader = "X-Tuner-Limits";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public LambdaApiClient(AwsClientSettings settings, Uri? endpoint = null)
        : base(settings, "lambda", endpoint ?? DefaultEndpoint(settings?.Region ?? throw new ArgumentNullException(nameof(settings))))
    {
    }

    protected override string ServiceName => "Lambda";

    /// <summary><c>https://lambda.{region}.amazonaws.com</c>.</summary>
    public static Uri DefaultEndpoint(string region) => new($"https://lambda.{region}.amazonaws.com");

    public async Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/configuration{Qualifier(qualifier)}");
        var response = await SendAsync("GetFunctionConfiguration", () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        return LambdaJson.ReadConfiguration(response.Body);
    }

    public async Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, FunctionConfigurationUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/configuration");
        var body = LambdaJson.WriteUpdate(update);
        var response = await SendAsync("UpdateFunctionConfiguration", () => JsonRequest(HttpMethod.Put, uri, body), cancellationToken).ConfigureAwait(false);
        return LambdaJson.ReadConfiguration(response.Body);
    }

    public async Task<FunctionConfiguration> PublishVersionAsync(
        string functionName, string? description = null, string? revisionId = null, string? codeSha256 = null, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/versions");
        var json = new JsonObject();
        if (description is not null)
        {
            json["Description"] = description;
        }

        if (revisionId is not null)
        {
            json["RevisionId"] = revisionId;
        }

        if (codeSha256 is not null)
        {
            json["CodeSha256"] = codeSha256;
        }

        var body = LambdaJson.Write(json);
        var response = await SendAsync("PublishVersion", () => JsonRequest(HttpMethod.Post, uri, body), cancellationToken).ConfigureAwait(false);
        return LambdaJson.ReadConfiguration(response.Body);
    }

    public async Task<IReadOnlyList<FunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var versions = new List<FunctionConfiguration>();
        string? marker = null;
        do
        {
            var query = "?MaxItems=50" + (marker is null ? string.Empty : "&Marker=" + Uri.EscapeDataString(marker));
            var uri = At($"/2015-03-31/functions/{Segment(functionName)}/versions{query}");
            var response = await SendAsync("ListVersionsByFunction", () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(response.Body);
            if (document.RootElement.TryGetProperty("Versions", out var page) && page.ValueKind == JsonValueKind.Array)
            {
                versions.AddRange(page.EnumerateArray().Select(LambdaJson.ReadConfiguration));
            }

            marker = document.RootElement.TryGetProperty("NextMarker", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(marker));

        return versions;
    }

    public async Task DeleteFunctionVersionAsync(string functionName, string version, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(version) || version == "$LATEST")
        {
            throw new ArgumentException($"refusing to delete version '{version}' of {functionName}: Tuner deletes only published versions it created, never a function", nameof(version));
        }

        var uri = At($"/2015-03-31/functions/{Segment(functionName)}?Qualifier={Uri.EscapeDataString(version)}");
        await SendAsync("DeleteFunction", () => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken).ConfigureAwait(false);
    }

    public async Task CreateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/aliases");
        var body = LambdaJson.Write(new JsonObject { ["Name"] = aliasName, ["FunctionVersion"] = functionVersion });
        await SendAsync("CreateAlias", () => JsonRequest(HttpMethod.Post, uri, body), cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateAliasAsync(string functionName, string aliasName, string functionVersion, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/aliases/{Segment(aliasName)}");
        var body = LambdaJson.Write(new JsonObject { ["FunctionVersion"] = functionVersion });
        await SendAsync("UpdateAlias", () => JsonRequest(HttpMethod.Put, uri, body), cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAliasAsync(string functionName, string aliasName, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/aliases/{Segment(aliasName)}");
        await SendAsync("DeleteAlias", () => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2017-03-31/tags/{Segment(functionArn)}");
        var response = await SendAsync("ListTags", () => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(response.Body);
        if (document.RootElement.TryGetProperty("Tags", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in map.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? string.Empty;
            }
        }

        return tags;
    }

    public async Task<InvocationResult> InvokeAsync(string functionName, string? qualifier, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var uri = At($"/2015-03-31/functions/{Segment(functionName)}/invocations{Qualifier(qualifier)}");
        var body = payload.ToArray();
        // Never repeated here: the caller retries only what Lambda refused before running the function, and records it.
        var response = await SendOnceAsync(
            "Invoke",
            () =>
            {
                var request = JsonRequest(HttpMethod.Post, uri, body);
                request.Headers.TryAddWithoutValidation("X-Amz-Invocation-Type", "RequestResponse");
                request.Headers.TryAddWithoutValidation("X-Amz-Log-Type", "Tail");
                return request;
            },
            cancellationToken).ConfigureAwait(false);

        return new InvocationResult(
            StatusCode: (int)response.StatusCode,
            Payload: response.Body,
            FunctionError: NullIfEmpty(response.Header("X-Amz-Function-Error")),
            LogTail: DecodeLog(response.Header("X-Amz-Log-Result")),
            ExecutedVersion: NullIfEmpty(response.Header("X-Amz-Executed-Version")),
            LimitsEnforced: !string.Equals(response.Header(LimitsHeader), "off", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Polls until <c>LastUpdateStatus</c> is Successful, using this client's clock (see <see cref="LambdaApiExtensions.WaitForUpdateAsync"/>).</summary>
    public Task<FunctionConfiguration> WaitForUpdateAsync(string functionName, CancellationToken cancellationToken = default) =>
        this.WaitForUpdateAsync(functionName, TimeProvider, LambdaWaitOptions.Default, cancellationToken);

    protected override Exception CreateException(string operation, AwsErrorInfo errorInfo)
    {
        ArgumentNullException.ThrowIfNull(errorInfo);
        var message = $"{operation}: {errorInfo.Message}";
        if (AwsErrorInfo.IsAccessDeniedCode(errorInfo.Code) || errorInfo.StatusCode == 403)
        {
            message += " — the credentials in use may not call lambda:" + operation + " on this function (is it tagged tuner:allow=true and in the stack's allow-list?), or they are invalid/expired";
        }

        return new LambdaApiException(errorInfo.Code, errorInfo.StatusCode, message) { RetryAfter = errorInfo.RetryAfter };
    }

    private static HttpRequestMessage JsonRequest(HttpMethod method, Uri uri, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(method, uri) { Content = content };
    }

    private static string Segment(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("a function name, ARN or alias is required", nameof(value));
        }

        return Uri.EscapeDataString(value);
    }

    private static string Qualifier(string? qualifier) =>
        string.IsNullOrEmpty(qualifier) ? string.Empty : "?Qualifier=" + Uri.EscapeDataString(qualifier);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? DecodeLog(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }
}
