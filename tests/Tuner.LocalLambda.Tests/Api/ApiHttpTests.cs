using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tuner.LocalLambda.Api;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Api;

public sealed class ApiHttpTests
{
    [Fact]
    public async Task WriteErrorAsync_Throttling_CarriesTypeReasonAndRetryAfter()
    {
        var context = HttpContexts.WithBody();

        await ApiHttp.WriteErrorAsync(context, new LambdaServiceException(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Rate exceeded", "CallerRateLimitExceeded", 2));

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("TooManyRequestsException", context.Response.Headers["x-amzn-ErrorType"]);
        Assert.Equal("2", context.Response.Headers.RetryAfter);
        using var body = JsonDocument.Parse(HttpContexts.ResponseText(context));
        Assert.Equal("User", body.RootElement.GetProperty("Type").GetString());
        Assert.Equal("Rate exceeded", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("CallerRateLimitExceeded", body.RootElement.GetProperty("Reason").GetString());
        Assert.Equal("2", body.RootElement.GetProperty("retryAfterSeconds").GetString());
    }

    [Fact]
    public async Task WriteErrorAsync_PlainError_HasNoReasonNorRetry()
    {
        var context = HttpContexts.WithBody();

        await ApiHttp.WriteErrorAsync(context, LambdaServiceException.NotFound("Function not found: f"));

        Assert.Equal(404, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
        Assert.Equal("""{"Type":"User","message":"Function not found: f"}""", HttpContexts.ResponseText(context));
    }

    [Fact]
    public async Task WritePageAsync_AList_IsOnePageWithANullNextMarker()
    {
        var context = HttpContexts.WithBody();

        await ApiHttp.WritePageAsync(context, "Versions", ["1", "2"], (json, v) => json.WriteStringValue(v));

        Assert.Equal("""{"Versions":["1","2"],"NextMarker":null}""", HttpContexts.ResponseText(context));
        Assert.Equal("application/json", context.Response.ContentType);
    }

    [Fact]
    public async Task ReadJsonAsync_AnEmptyBody_IsAnEmptyObject()
    {
        using var document = await ApiHttp.ReadJsonAsync(HttpContexts.WithBody());

        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
    }

    [Fact]
    public void Fields_WrongKindsAreAbsent_AndAnIntOutOfRangeIsRefused()
    {
        using var document = JsonDocument.Parse("""{"MemorySize":512,"Description":7,"RevisionId":"r1","Timeout":1e12}""");
        var root = document.RootElement;

        Assert.Equal(512, ApiHttp.IntField(root, "MemorySize"));
        Assert.Null(ApiHttp.StringField(root, "Description"));
        Assert.Equal("r1", ApiHttp.StringField(root, "RevisionId"));
        Assert.Null(ApiHttp.IntField(root, "Missing"));
        var error = Assert.Throws<LambdaServiceException>(() => ApiHttp.IntField(root, "Timeout"));
        Assert.Equal("Timeout is out of range.", error.Message);
    }

    [Fact]
    public void Query_AnEmptyValue_IsAbsent()
    {
        var context = HttpContexts.WithBody();
        context.Request.QueryString = new QueryString("?Qualifier=&tagKeys=a");

        Assert.Null(ApiHttp.Query(context, "Qualifier"));
        Assert.Equal("a", ApiHttp.Query(context, "tagKeys"));
    }
}
