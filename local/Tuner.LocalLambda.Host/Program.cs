// The process inside one local execution environment: loads the handler during init (as the managed dotnet
// runtime does), then loops on the Runtime API's invocation/next, one event at a time.
using Tuner.LocalLambda.Host;

var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
var handlerValue = Environment.GetEnvironmentVariable("_HANDLER");
if (string.IsNullOrEmpty(runtimeApi) || string.IsNullOrEmpty(handlerValue))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API and _HANDLER must be set.");
    return 2;
}

var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT") ?? Environment.CurrentDirectory;
using var client = new RuntimeApiClient(runtimeApi);

FunctionInvoker invoker;
try
{
    invoker = FunctionInvoker.Load(HandlerString.Parse(handlerValue), taskRoot);
}
catch (HandlerLoadException ex)
{
    await Console.Out.WriteLineAsync($"{ex.ErrorType}: {ex.Message}");
    client.ReportInitError(ex.ErrorType, ex);
    return 1;
}
catch (Exception ex)
{
    await Console.Out.WriteLineAsync($"Runtime.Unknown: {ex}");
    client.ReportInitError("Runtime.Unknown", ex);
    return 1;
}

while (true)
{
    var (requestId, payload) = client.Next();
    byte[]? output = null;
    Exception? failure = null;
    try
    {
        using var input = new MemoryStream(payload, writable: false);
        await using var result = await invoker.InvokeAsync(input);
        if (result is not null)
        {
            using var copy = new MemoryStream();
            await result.CopyToAsync(copy);
            output = copy.ToArray();
        }
    }
#pragma warning disable CA1031 // Any exception from user code is the invocation's error, as in the managed runtime.
    catch (Exception ex)
#pragma warning restore CA1031
    {
        failure = ex;
        await Console.Out.WriteLineAsync($"{TimeProvider.System.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ}\t{requestId}\tfail\t{ex}");
    }

    // Everything the handler wrote goes to the pipe before the marker, so the service attributes it to this request.
    await Console.Error.FlushAsync();
    await Console.Out.WriteLineAsync(EndMarker.Line(requestId));
    await Console.Out.FlushAsync();

    if (failure is null)
    {
        client.Respond(requestId, output ?? []);
    }
    else
    {
        client.ReportInvocationError(requestId, failure);
    }
}
