using System.Text;
using Microsoft.AspNetCore.Http;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class RuntimeApiEndpointTests
{
    [Fact]
    public async Task WriteEventAsync_AnEvent_CarriesLambdasHeadersAndThePayload()
    {
        var context = HttpContexts.WithBody();
        var deadline = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        await RuntimeApiEndpoint.WriteEventAsync(context, new InvocationRequest("req-1", "{\"n\":1}"u8.ToArray(), "arn:aws:lambda:us-east-1:000000000000:function:f", "ctx"), deadline);

        var headers = context.Response.Headers;
        Assert.Equal("req-1", headers["Lambda-Runtime-Aws-Request-Id"]);
        Assert.Equal(deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), headers["Lambda-Runtime-Deadline-Ms"]);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:f", headers["Lambda-Runtime-Invoked-Function-Arn"]);
        Assert.Equal(RuntimeApiEndpoint.UntracedTraceId, headers["Lambda-Runtime-Trace-Id"]);
        Assert.Equal("ctx", headers["Lambda-Runtime-Client-Context"]);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("{\"n\":1}", HttpContexts.ResponseText(context));
    }

    [Fact]
    public async Task WriteEventAsync_WithoutClientContext_SendsNoClientContextHeader()
    {
        var context = HttpContexts.WithBody();

        await RuntimeApiEndpoint.WriteEventAsync(context, new InvocationRequest("req-2", [], "arn", null), DateTimeOffset.UnixEpoch);

        Assert.False(context.Response.Headers.ContainsKey("Lambda-Runtime-Client-Context"));
    }

    [Fact]
    public async Task ReadErrorAsync_TheHeader_NamesTheErrorType()
    {
        var context = HttpContexts.WithBody("""{"errorType":"FromBody","errorMessage":"m"}""");
        context.Request.Headers["Lambda-Runtime-Function-Error-Type"] = "Runtime.Custom";

        var (body, errorType) = await RuntimeApiEndpoint.ReadErrorAsync(context);

        Assert.Equal("Runtime.Custom", errorType);
        Assert.Contains("FromBody", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadErrorAsync_WithoutTheHeader_TakesTheBodysErrorType()
    {
        var (_, errorType) = await RuntimeApiEndpoint.ReadErrorAsync(HttpContexts.WithBody("""{"errorType":"InvalidOperationException","errorMessage":"m"}"""));

        Assert.Equal("InvalidOperationException", errorType);
    }

    [Fact]
    public async Task AcceptedAsync_AnswersEveryPostWith202()
    {
        var context = HttpContexts.WithBody();

        await RuntimeApiEndpoint.AcceptedAsync(context);

        Assert.Equal(StatusCodes.Status202Accepted, context.Response.StatusCode);
        Assert.Equal("{\"status\":\"OK\"}", HttpContexts.ResponseText(context));
    }
}
