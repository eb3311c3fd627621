using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Tuner.LocalCloud;

/// <summary>
/// A running engine script. Its stdin is a pipe this process holds: the scripts exit when it closes, so an
/// engine never outlives a crashed parent. Disposal closes stdin, waits briefly, then kills the process tree.
/// Lines printed after the ready line are available from <see cref="Lines"/>.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private const int StderrTailChars = 8192;
    private readonly Process _process;
    private readonly StringBuilder _stderrTail = new();
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<JsonElement> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private int _disposed;

    private EngineProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _stdoutPump = PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
    }

    /// <summary>The script name, for messages.</summary>
    public string Name { get; }

    /// <summary>The ready line's JSON object.</summary>
    public JsonElement Ready { get; private set; }

    /// <summary>The <c>port</c> of the ready line.</summary>
    public int Port => Ready.TryGetProperty("port", out var port) ? port.GetInt32() : 0;

    /// <summary>The process id (for tests that check nothing is left behind).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Stdout lines after the ready line, until the process exits.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>The last few KB of the engine's stderr, for error messages.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderrTail)
            {
                return _stderrTail.ToString();
            }
        }
    }

    /// <summary>Writes one line to the engine's stdin (for scripts that take commands).</summary>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken = default)
    {
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    internal static async Task<EngineProcess> StartAsync(string name, ProcessStartInfo start, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"engine {name} did not start");
        var engine = new EngineProcess(name, process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(readyTimeout);
            engine.Ready = await engine._ready.Task.WaitAsync(timeout.Token);
            return engine;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            var tail = engine.StderrTail;
            await engine.DisposeAsync();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new InvalidOperationException(
                $"engine {name} was not ready within {readyTimeout.TotalSeconds:0} s: {(e is InvalidOperationException ? e.Message : "timed out")}; stderr: {tail}", e);
        }
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The pipe is already broken: the process is going away.
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            await Task.WhenAll(_stdoutPump, _stderrPump);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!_ready.Task.IsCompleted)
                {
                    if (TryParseReady(line, out var ready))
                    {
                        _ready.TrySetResult(ready);
                    }

                    continue;
                }

                await _lines.Writer.WriteAsync(line);
            }
        }
        finally
        {
            _ready.TrySetException(new InvalidOperationException($"engine {Name} exited before it was ready"));
            _lines.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.AppendLine(line);
                if (_stderrTail.Length > StderrTailChars)
                {
                    _stderrTail.Remove(0, _stderrTail.Length - StderrTailChars);
                }
            }
        }
    }

    private static bool TryParseReady(string line, out JsonElement ready)
    {
        ready = default;
        if (!line.StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("ready", out var flag) && flag.ValueKind == JsonValueKind.True)
            {
                ready = document.RootElement.Clone();
                return true;
            }
        }
        catch (JsonException)
        {
            // Not the ready line: engines may print other JSON before it.
        }

        return false;
    }
}
