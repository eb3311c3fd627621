using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tuner.LocalLambda.Host;

/// <summary>
/// The client side of the Lambda Runtime API (<c>/2018-06-01/runtime/...</c>): HTTP/1.1 over one blocking loopback
/// socket, kept alive. Deliberately not <see cref="System.Net.Http.HttpClient"/>: this plumbing runs inside the
/// environment's CPU quota, and HttpClient's async pipeline is ~500 framework methods that tiered compilation
/// recompiled at tier 1 during the first hundred-odd warm invocations, on a background thread charged to the same
/// quota — 30–55 ms of JIT inside one invocation in 8–17% of them, the handler's duration nearly doubled
/// (measured by <c>noise --trace</c>, tests/Tuner.Benchmarks/Decisions/README.md). A function's own code still tiers
/// up inside its quota, as on Lambda; only our host's plumbing is kept small.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    private const string Prefix = "/2018-06-01/runtime/";
    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    public RuntimeApiClient(string runtimeApi)
    {
        var colon = runtimeApi.LastIndexOf(':');
        _host = colon > 0 ? runtimeApi[..colon] : runtimeApi;
        _port = colon > 0 ? int.Parse(runtimeApi[(colon + 1)..], CultureInfo.InvariantCulture) : 80;
    }

    /// <summary>Long-polls for the next event; returns its request id and payload.</summary>
    public (string RequestId, byte[] Payload) Next()
    {
        var response = Send("GET", "invocation/next", [], null);
        if (response.Status != 200)
        {
            throw new IOException($"invocation/next answered HTTP {response.Status}");
        }

        return (response.RequestId ?? string.Empty, response.Body);
    }

    public void Respond(string requestId, byte[] body) => Send("POST", $"invocation/{requestId}/response", body, null);

    public void ReportInvocationError(string requestId, Exception error) =>
        Send("POST", $"invocation/{requestId}/error", ErrorBody(error.GetType().Name, error.Message, error.StackTrace), error.GetType().Name);

    public void ReportInitError(string errorType, Exception error) =>
        Send("POST", "init/error", ErrorBody(errorType, error.Message, error.StackTrace), errorType);

    public void Dispose() => _socket?.Dispose();

    private Response Send(string method, string path, byte[] body, string? errorType)
    {
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(Prefix).Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(_host).Append(':').Append(_port.ToString(CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (method == "POST")
        {
            head.Append("Content-Type: application/json\r\n");
        }

        if (errorType is not null)
        {
            head.Append("Lambda-Runtime-Function-Error-Type: ").Append(errorType).Append("\r\n");
        }

        var request = Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
        var socket = Connect();
        socket.Send(request);
        if (body.Length > 0)
        {
            socket.Send(body);
        }

        return ReadResponse();
    }

    private Socket Connect()
    {
        // A connection the server closed while it sat idle reads as readable with nothing to read: open a new one
        // rather than write into it (EPIPE). Nothing is re-sent: this runs before the request's first byte.
        if (_socket is { Connected: true } open && !(open.Poll(0, SelectMode.SelectRead) && open.Available == 0))
        {
            return open;
        }

        _socket?.Dispose();
        _start = _end = 0;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(_host == "localhost" ? "127.0.0.1" : _host, _port);
        _socket = socket;
        return socket;
    }

    private Response ReadResponse()
    {
        var statusLine = ReadLine();
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new IOException("Runtime API: malformed status line: " + statusLine);
        }

        long? length = null;
        var chunked = false;
        var close = false;
        string? requestId = null;
        for (var line = ReadLine(); line.Length > 0; line = ReadLine())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Lambda-Runtime-Aws-Request-Id", StringComparison.OrdinalIgnoreCase))
            {
                requestId = value;
            }
        }

        byte[] responseBody;
        if (chunked)
        {
            using var collected = new MemoryStream();
            for (var size = ChunkSize(ReadLine()); size > 0; size = ChunkSize(ReadLine()))
            {
                collected.Write(ReadExactly(size));
                ReadLine();
            }

            while (ReadLine().Length > 0)
            {
                // Trailers, if any.
            }

            responseBody = collected.ToArray();
        }
        else
        {
            responseBody = ReadExactly((int)(length ?? 0));
        }

        if (close)
        {
            _socket?.Dispose();
            _socket = null;
        }

        return new Response(status, requestId, responseBody);
    }

    private static int ChunkSize(string line)
    {
        var semicolon = line.IndexOf(';');
        return int.Parse(semicolon >= 0 ? line[..semicolon] : line, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private string ReadLine()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var end = newline > _start && _buffer[newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.ASCII.GetString(_buffer, _start, end - _start);
                _start = newline + 1;
                return line;
            }

            Fill();
        }
    }

    private byte[] ReadExactly(int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                Fill();
            }

            var take = Math.Min(count - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, result, copied, take);
            _start += take;
            copied += take;
        }

        return result;
    }

    /// <summary>Reads more bytes from the socket, compacting the buffer first.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("Runtime API: header line longer than the read buffer");
        }

        var read = _socket!.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("Runtime API: connection closed");
        }

        _end += read;
    }

    /// <summary>The managed runtime's error document: errorType, errorMessage, stackTrace lines.</summary>
    private static byte[] ErrorBody(string errorType, string message, string? stackTrace)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", message);
            json.WriteStartArray("stackTrace");
            foreach (var line in (stackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record Response(int Status, string? RequestId, byte[] Body);
}
