using System.Net;
using System.Text;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Functions;
using static Tuner.LocalLambda.Api.ApiHttp;

namespace Tuner.LocalLambda.Api;

/// <summary>
/// Invoke (<c>POST /2015-03-31/functions/{name}/invocations</c>): RequestResponse, Event (202, run detached) and
/// DryRun; the 6 MB payload limit, the base64 client context, the log tail, and an invocation that outlives its caller.
/// </summary>
internal sealed class InvokeEndpoint(FunctionStore store, Func<InvocationEngine> engine, bool limitsEnforced, ILogger logger, CancellationToken stopping)
{
    /// <summary>Lambda's limit on a synchronous invocation's request payload.</summary>
    public const int MaxPayloadBytes = 6 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var invocationType = context.Request.Headers["X-Amz-Invocation-Type"].ToString();
        var tail = string.Equals(context.Request.Headers["X-Amz-Log-Type"].ToString(), "Tail", StringComparison.OrdinalIgnoreCase);
        var payload = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new LambdaServiceException(HttpStatusCode.RequestEntityTooLarge, "RequestTooLargeException",
                $"Request must be smaller than {MaxPayloadBytes} bytes for the InvokeFunction operation");
        }

        var decodedContext = DecodeClientContext(context.Request.Headers["X-Amz-Client-Context"].ToString());

        var identifier = Route(context, "FunctionName");
        var qualifier = Query(context, "Qualifier");
        if (string.Equals(invocationType, "DryRun", StringComparison.Ordinal))
        {
            store.GetConfiguration(identifier, qualifier);
            await NoContent(context).ConfigureAwait(false);
            return;
        }

        var function = store.EnterInvocation(identifier, qualifier);
        var request = new InvocationRequest((string)context.Items["RequestId"]!, payload, function.InvokedArn, decodedContext);
        context.Response.Headers["X-Tuner-Limits"] = limitsEnforced && !function.Config.System ? "on" : "off";
        if (string.Equals(invocationType, "Event", StringComparison.Ordinal))
        {
            _ = RunDetachedAsync(function, request);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // As on Lambda, an invocation runs to its end (or its timeout) when its caller goes away: a Step Functions
        // execution that is stopped leaves its Task's invocation running, and the local stack must show what that does.
        var result = await engine().InvokeAsync(function, request, stopping).ConfigureAwait(false);
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
            logger.LogDebug("The caller of invocation {RequestId} left before its result", request.RequestId);
        }
    }

    private async Task RunDetachedAsync(ResolvedFunction function, InvocationRequest request)
    {
        try
        {
            await engine().InvokeAsync(function, request, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("Event invocation {RequestId} stopped with the service", request.RequestId);
        }
    }

    /// <summary>The <c>X-Amz-Client-Context</c> header decoded (base64 of JSON), or null when there is none.</summary>
    public static string? DecodeClientContext(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header));
        }
        catch (FormatException)
        {
            throw LambdaServiceException.InvalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
    }
}
