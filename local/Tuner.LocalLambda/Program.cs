// Standalone local Lambda service: `Tuner.LocalLambda [--functions tuner.local.json] [--port N]`. Prints one JSON
// line {"ready":true,"port":N,"limits":bool} when listening; stops on Ctrl-C, SIGTERM or when stdin closes.
using System.Globalization;
using Tuner.LocalLambda;

string? registry = null;
var port = 0;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--functions":
            registry = args[++i];
            break;
        case "--port":
            port = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            break;
    }
}

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter(l => l >= LogLevel.Information));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});

await using var service = await LocalLambdaService.StartAsync(
    new LocalLambdaOptions { Port = port, RegistryPath = registry, LoggerFactory = loggerFactory }, stop.Token);
Console.Out.WriteLine($"{{\"ready\":true,\"port\":{service.Endpoint.Port},\"limits\":{(service.LimitsEnforced ? "true" : "false")}}}");
await Console.Out.FlushAsync();

// Stdin closing (the parent died or hung up) stops the service too.
var stdinClosed = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is not null)
    {
    }
});
await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default));
return 0;
