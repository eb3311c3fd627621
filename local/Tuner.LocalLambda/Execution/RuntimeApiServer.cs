namespace Tuner.LocalLambda.Execution;

/// <summary>
/// The Lambda Runtime API of one execution environment, on its own 127.0.0.1 port so that any runtime (ours or a
/// custom <c>bootstrap</c>) finds it at <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/...</c>.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private readonly WebApplication _app;

    private RuntimeApiServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value of <c>AWS_LAMBDA_RUNTIME_API</c> (host:port).</summary>
    public string Address => $"127.0.0.1:{Port}";

    public static async Task<RuntimeApiServer> StartAsync(IRuntimeApiTarget target, CancellationToken cancellationToken)
    {
        var app = LoopbackServer.Create(0, 20 * 1024 * 1024);
        app.MapGet(Prefix + "/invocation/next", target.NextAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/response", c => target.ResponseAsync(c, (string)c.GetRouteValue("requestId")!));
        app.MapPost(Prefix + "/invocation/{requestId}/error", c => target.ErrorAsync(c, (string)c.GetRouteValue("requestId")!));
        app.MapPost(Prefix + "/init/error", target.InitErrorAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new RuntimeApiServer(app, LoopbackServer.BoundPort(app));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
