using System.Text;
using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// A runtime's standard output split by invocation, as Lambda's log stream shows it: lines written while an invocation
/// runs belong to it, lines before the first (or between invocations) to the init log, which keeps its last 32 to 64
/// KB. Our host ends each invocation's output with the <see cref="EndMarker"/>: the marker itself is dropped and tells
/// the environment that everything the function printed has arrived.
/// </summary>
internal sealed class RuntimeOutput
{
    private const int InitLogMax = 64 * 1024;
    private const int InitLogKept = 32 * 1024;

    private readonly Lock _lock = new();
    private readonly StringBuilder _initLog = new();
    private Invocation? _current;

    /// <summary>The output outside any invocation (init, or between invocations).</summary>
    public string InitLog
    {
        get
        {
            lock (_lock)
            {
                return _initLog.ToString();
            }
        }
    }

    /// <summary>Lines from now on belong to <paramref name="requestId"/>; the task completes when its end marker arrives.</summary>
    public Task Begin(string requestId)
    {
        var invocation = new Invocation(requestId);
        lock (_lock)
        {
            _current = invocation;
        }

        return invocation.Marker.Task;
    }

    /// <summary>
    /// Ends the current invocation: its output when it is <paramref name="requestId"/>, else empty.
    /// <paramref name="begun"/> says whether any invocation had begun.
    /// </summary>
    public string End(string requestId, out bool begun)
    {
        lock (_lock)
        {
            begun = _current is not null;
            var log = _current?.RequestId == requestId ? _current.Log.ToString() : string.Empty;
            _current = null;
            return log;
        }
    }

    /// <summary>Reads the runtime's output until it closes.</summary>
    public async Task PumpAsync(TextReader output)
    {
        while (await output.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            Append(line);
        }
    }

    /// <summary>One line of output (without its newline).</summary>
    public void Append(string line)
    {
        lock (_lock)
        {
            if (EndMarker.TryFind(line, out var before, out var requestId))
            {
                if (before.Length > 0)
                {
                    (_current?.Log ?? _initLog).Append(before).Append('\n');
                }

                if (_current?.RequestId == requestId)
                {
                    _current.Marker.TrySetResult();
                }

                return;
            }

            if (_current is { } current)
            {
                current.Log.Append(line).Append('\n');
                return;
            }

            _initLog.Append(line).Append('\n');
            if (_initLog.Length > InitLogMax)
            {
                _initLog.Remove(0, _initLog.Length - InitLogKept);
            }
        }
    }

    private sealed class Invocation(string requestId)
    {
        public string RequestId { get; } = requestId;

        public StringBuilder Log { get; } = new();

        public TaskCompletionSource Marker { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
