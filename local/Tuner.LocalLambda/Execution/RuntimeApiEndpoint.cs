using System.Globalization;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// The HTTP side of the Runtime API calls (<see cref="IRuntimeApiTarget"/>): the headers of an event handed out by
/// <c>invocation/next</c>, the error type a runtime posts, and the 202 every post is answered with.
/// </summary>
internal static class RuntimeApiEndpoint
{
    /// <summary>X-Ray's header for an untraced invocation.</summary>
    public const string UntracedTraceId = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";

    /// <summary>Writes <paramref name="next"/> as the answer to <c>invocation/next</c>.</summary>
    public static async Task WriteEventAsync(HttpContext context, InvocationRequest next, DateTimeOffset deadline)
    {
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = next.InvokedArn;
        headers["Lambda-Runtime-Trace-Id"] = UntracedTraceId;
        if (next.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = next.ClientContext;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(next.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The body of a posted error and its type (the header, else the body's <c>errorType</c>).</summary>
    public static async Task<(byte[] Body, string ErrorType)> ReadErrorAsync(HttpContext context)
    {
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        var header = context.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value.ToString() : null;
        return (body, LambdaErrorDocuments.ErrorTypeOf(header, body));
    }

    /// <summary>Lambda's answer to every post: 202 with <c>{"status":"OK"}</c>.</summary>
    public static Task AcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"status\":\"OK\"}");
    }
}
