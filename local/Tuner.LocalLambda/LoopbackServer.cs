using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Tuner.LocalLambda;

/// <summary>
/// A minimal Kestrel app on 127.0.0.1 (no configuration sources, no logging providers): used for the Lambda API and
/// for each environment's Runtime API.
/// </summary>
internal static class LoopbackServer
{
    /// <summary>Longer than Lambda's longest invocation (900 s), so no runtime finds its connection gone mid-invocation.</summary>
    public static readonly TimeSpan IdleConnectionTimeout = TimeSpan.FromMinutes(20);

    public static WebApplication Create(int port, long maxRequestBodyBytes)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = maxRequestBodyBytes;
            // Kestrel closes a keep-alive connection idle for 130 s by default; a runtime's connection is idle for as
            // long as its function runs (up to Lambda's 900 s), and Lambda's Runtime API does not drop it meanwhile.
            k.Limits.KeepAliveTimeout = IdleConnectionTimeout;
        });
        builder.Services.AddRoutingCore();
        return builder.Build();
    }

    /// <summary>The port a started app listens on (after binding port 0).</summary>
    public static int BoundPort(WebApplication app) =>
        new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    /// <summary>The whole request body (bounded by the app's MaxRequestBodySize).</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
