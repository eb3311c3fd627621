using System.Net;
using System.Net.Sockets;
using System.Text;
using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Tests.Host;

public sealed class RuntimeApiClientTests
{
    [Fact]
    public async Task Next_ChunkedResponse_ReturnsRequestIdAndWholePayload()
    {
        await using var server = CannedServer.Start(
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3\r\n42}\r\n0\r\n\r\n");
        using var client = new RuntimeApiClient(server.Address);

        var (requestId, payload) = client.Next();

        Assert.Equal("req-1", requestId);
        Assert.Equal("{\"a\":42}", Encoding.UTF8.GetString(payload));
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n", await server.RequestAsync(0));
    }

    [Fact]
    public async Task Next_TwoContentLengthResponses_ServedOverOneKeptAliveConnection()
    {
        await using var server = CannedServer.Start(
            "HTTP/1.1 200 OK\r\nlambda-runtime-aws-request-id: one\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: two\r\nContent-Length: 4\r\n\r\n[12]");
        using var client = new RuntimeApiClient(server.Address);

        var first = client.Next();
        var second = client.Next();

        Assert.Equal(("one", "{}"), (first.RequestId, Encoding.UTF8.GetString(first.Payload)));
        Assert.Equal(("two", "[12]"), (second.RequestId, Encoding.UTF8.GetString(second.Payload)));
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task ReportInvocationError_SendsErrorTypeHeaderAndErrorDocument()
    {
        await using var server = CannedServer.Start("HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}");
        using var client = new RuntimeApiClient(server.Address);

        client.ReportInvocationError("req-9", new InvalidOperationException("boom"));

        var request = await server.RequestAsync(0);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-9/error HTTP/1.1\r\n", request);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: InvalidOperationException\r\n", request);
        Assert.EndsWith("{\"errorType\":\"InvalidOperationException\",\"errorMessage\":\"boom\",\"stackTrace\":[]}", request);
    }

    [Fact]
    public async Task Next_ServerClosesBeforeAnswering_ThrowsIOException()
    {
        await using var server = CannedServer.Start();
        using var client = new RuntimeApiClient(server.Address);

        Assert.Throws<IOException>(() => client.Next());
        await server.RequestAsync(0);
    }

    [Fact]
    public async Task Respond_ServerClosedTheIdleConnectionDuringTheInvocation_AnswersOverANewConnection()
    {
        // Kestrel drops a keep-alive connection idle for its KeepAliveTimeout; the runtime's connection is idle for as
        // long as the function runs. Writing the response into the closed socket killed the runtime (EPIPE, SIGABRT).
        await using var server = CannedServer.Start(
            closeAfterFirst: true,
            "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: req-1\r\nContent-Length: 2\r\n\r\n{}",
            "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        using var client = new RuntimeApiClient(server.Address);
        var (requestId, _) = client.Next();
        await server.FirstConnectionClosedAsync();

        client.Respond(requestId, "{\"ok\":true}"u8.ToArray());

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\n", await server.RequestAsync(1));
        Assert.Equal(2, server.Connections);
    }

    /// <summary>Accepts connections on 127.0.0.1 and answers the n-th request (headers + Content-Length body) with the n-th canned response.</summary>
    private sealed class CannedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly string[] _responses;
        private readonly List<TaskCompletionSource<string>> _requests;
        private readonly Task _loop;
        private readonly bool _closeAfterFirst;
        private readonly TaskCompletionSource _firstClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _connections;

        private CannedServer(bool closeAfterFirst, string[] responses)
        {
            _closeAfterFirst = closeAfterFirst;
            _responses = responses;
            _requests = Enumerable.Range(0, Math.Max(1, responses.Length)).Select(_ => new TaskCompletionSource<string>()).ToList();
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Address => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public static CannedServer Start(params string[] responses) => new(false, responses);

        /// <summary>With <paramref name="closeAfterFirst"/>, the server closes the connection after its first response.</summary>
        public static CannedServer Start(bool closeAfterFirst, params string[] responses) => new(closeAfterFirst, responses);

        public Task FirstConnectionClosedAsync() => _firstClosed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        public Task<string> RequestAsync(int index) => _requests[index].Task.WaitAsync(TimeSpan.FromSeconds(10));

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        private async Task ServeAsync()
        {
            var served = 0;
            try
            {
                while (served < Math.Max(1, _responses.Length))
                {
                    using var socket = await _listener.AcceptSocketAsync();
                    Interlocked.Increment(ref _connections);
                    await using (var stream = new NetworkStream(socket))
                    {
                        while (served < Math.Max(1, _responses.Length))
                        {
                            var request = await ReadRequestAsync(stream);
                            _requests[served].TrySetResult(request);
                            if (_responses.Length == 0)
                            {
                                return;
                            }

                            await stream.WriteAsync(Encoding.UTF8.GetBytes(_responses[served++]));
                            if (_closeAfterFirst && served == 1)
                            {
                                break;
                            }
                        }
                    }

                    socket.Close();
                    if (served == 1)
                    {
                        _firstClosed.TrySetResult();
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                foreach (var pending in _requests)
                {
                    pending.TrySetException(ex);
                }
            }
        }

        private static async Task<string> ReadRequestAsync(NetworkStream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (!EndsWithBlankLine(bytes))
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    throw new IOException("client closed");
                }

                bytes.Add(one[0]);
            }

            var head = Encoding.ASCII.GetString([.. bytes]);
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var body = new byte[lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(body);
            return head + Encoding.UTF8.GetString(body);
        }

        private static bool EndsWithBlankLine(List<byte> bytes) =>
            bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n';
    }
}
