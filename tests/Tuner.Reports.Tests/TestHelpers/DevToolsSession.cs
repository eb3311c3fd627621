using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tuner.Reports.Tests.TestHelpers;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one page's web socket: commands with ids, and every event kept
/// in order so a test can look at console messages, log entries and network requests afterwards.
/// </summary>
internal sealed class DevToolsSession : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<(string Method, JsonObject Params)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _receiver;
    private int _nextId;

    public IEnumerable<(string Method, JsonObject Params)> Events => _events;

    public static async Task<DevToolsSession> ConnectToPageAsync(HeadlessChromium chromium, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = chromium.HttpBase };
        JsonArray? targets = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            targets = JsonNode.Parse(await http.GetStringAsync(new Uri("json/list", UriKind.Relative), cancellationToken))!.AsArray();
            if (targets.Any(t => (string?)t!["type"] == "page"))
            {
                break;
            }

            await Task.Delay(100, cancellationToken);
        }

        var page = targets!.First(t => (string?)t!["type"] == "page")!;
        var session = new DevToolsSession();
        await session._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancellationToken);
        session._receiver = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
        return session;
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        var response = await tcs.Task.WaitAsync(cancellationToken);
        if (response["error"] is JsonNode error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? new JsonObject();
    }

    /// <summary>Waits until an event named <paramref name="method"/> has arrived.</summary>
    public async Task WaitForEventAsync(string method, CancellationToken cancellationToken)
    {
        while (!_events.Any(e => e.Method == method))
        {
            await Task.Delay(25, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", closeTimeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The browser may already be gone.
        }

        if (_receiver is not null)
        {
            await _receiver.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject();
                message.SetLength(0);
                if (node["id"] is JsonNode idNode && _pending.TryRemove(idNode.GetValue<int>(), out var tcs))
                {
                    tcs.TrySetResult(node);
                }
                else if (node["method"] is JsonNode method)
                {
                    _events.Enqueue((method.GetValue<string>(), node["params"]?.AsObject() ?? new JsonObject()));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or JsonException)
        {
            // Closing: pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("DevTools connection closed"));
        }
    }
}
