using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tuner.LocalLambda.Cgroups;
using Tuner.LocalLambda.Functions;
using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// One execution environment: a child process (our handler host or a custom <c>bootstrap</c>) in its own cgroup,
/// talking to its own Runtime API. Serves one invocation at a time; a timeout or a crash ends it.
/// </summary>
internal sealed class ExecutionEnvironment : IRuntimeApiTarget, IAsyncDisposable
{
    private readonly Channel<InvocationRequest> _events = Channel.CreateBounded<InvocationRequest>(1);
    private readonly TaskCompletionSource<InitResult> _init = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly StringBuilder _initLog = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _initTimeout;
    private readonly bool _usesMarkers;
    private RuntimeApiServer? _runtimeApi;
    private IEnvironmentCgroup? _cgroup;
    private Process? _process;
    private Task? _outputPump;
    private Current? _current;
    private long _spawnTimestamp;
    private int _invocations;
    private long _peakBytes;
    private int _disposed;

    private ExecutionEnvironment(string id, FunctionConfig config, TimeProvider time, ILogger logger, TimeSpan initTimeout)
    {
        Id = id;
        Config = config;
        _time = time;
        _logger = logger;
        _initTimeout = initTimeout;
        _usesMarkers = config.Handler is not null;
    }

    public string Id { get; }

    public FunctionConfig Config { get; }

    public bool Limited => _cgroup is not null;

    public DateTimeOffset LastUsed { get; private set; }

    public bool IsAlive => !_exited.Task.IsCompleted && Volatile.Read(ref _disposed) == 0;

    public int? ProcessId => _process?.Id;

    /// <summary>The cgroup directories of this environment (empty when unlimited).</summary>
    public IReadOnlyList<string> CgroupDirectories => _cgroup?.ProcsFiles.Select(f => Path.GetDirectoryName(f)!).ToList() ?? [];

    public static async Task<ExecutionEnvironment> StartAsync(
        string id, FunctionConfig config, EnvironmentLaunch launch, CancellationToken cancellationToken)
    {
        var environment = new ExecutionEnvironment(id, config, launch.Time, launch.Logger, launch.InitTimeout);
        try
        {
            await environment.LaunchAsync(launch, cancellationToken).ConfigureAwait(false);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one invocation (waiting for init on a cold start). Never throws for function/runtime failures.</summary>
    public async Task<InvocationOutcome> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var cold = _invocations++ == 0;
        var timeout = TimeSpan.FromSeconds(Config.TimeoutSeconds);
        double? initMs = null;
        long? suppressedStart = null;

        if (cold)
        {
            // INIT: until the runtime's first invocation/next. Past Lambda's init limit the init is "suppressed":
            // it goes on inside the invocation, under the function timeout, with no Init Duration reported.
            var initWait = await WaitAsync(_init.Task, _initTimeout + timeout, cancellationToken).ConfigureAwait(false);
            if (!initWait)
            {
                return await EndAsync(request, InvocationStatus.Timeout, LambdaErrorDocuments.TimedOut(request.RequestId, timeout), LambdaErrorDocuments.TimedOutType,
                    durationMs: timeout.TotalMilliseconds, initMs: null, cancellationToken).ConfigureAwait(false);
            }

            var init = await _init.Task.ConfigureAwait(false);
            if (init.ErrorBody is not null || init.ExitCode is not null)
            {
                var elapsed = _time.GetElapsedTime(_spawnTimestamp, init.Timestamp).TotalMilliseconds;
                var oom = _cgroup?.OomKilled() == true;
                var exitType = oom ? "Runtime.OutOfMemory" : "Runtime.ExitError";
                var exitBody = init.ErrorBody ?? LambdaErrorDocuments.ExitError(request.RequestId, init.ExitCode!.Value, oom, out exitType);
                var errorType = init.ErrorType ?? exitType;
                return await EndAsync(request, init.ErrorBody is null ? InvocationStatus.RuntimeExit : InvocationStatus.InitError, exitBody, errorType,
                    durationMs: 0, initMs: elapsed, cancellationToken).ConfigureAwait(false);
            }

            var initElapsed = _time.GetElapsedTime(_spawnTimestamp, init.Timestamp);
            if (initElapsed <= _initTimeout)
            {
                initMs = initElapsed.TotalMilliseconds;
            }
            else
            {
                suppressedStart = _spawnTimestamp + (long)(_initTimeout.TotalSeconds * _time.TimestampFrequency);
            }
        }

        var current = new Current(request) { StartTimestamp = _time.GetTimestamp() };
        lock (_lock)
        {
            _current = current;
        }

        if (!_events.Writer.TryWrite(request))
        {
            // The runtime died between invocations (or was killed): this invocation sees the exit, never a hang.
            var code = _exited.Task.IsCompleted ? await _exited.Task.ConfigureAwait(false) : 137;
            var exitBody = LambdaErrorDocuments.ExitError(request.RequestId, code, _cgroup?.OomKilled() == true, out var exitType);
            return await EndAsync(request, InvocationStatus.RuntimeExit, exitBody, exitType, 0, initMs, cancellationToken).ConfigureAwait(false);
        }

        var remaining = timeout;
        if (suppressedStart is { } s)
        {
            remaining -= _time.GetElapsedTime(s);
        }

        var finished = remaining > TimeSpan.Zero && await WaitAsync(current.Result.Task, remaining, cancellationToken).ConfigureAwait(false);
        if (!finished)
        {
            return await EndAsync(request, InvocationStatus.Timeout, LambdaErrorDocuments.TimedOut(request.RequestId, timeout), LambdaErrorDocuments.TimedOutType,
                durationMs: timeout.TotalMilliseconds, initMs, cancellationToken).ConfigureAwait(false);
        }

        var result = await current.Result.Task.ConfigureAwait(false);
        var start = suppressedStart ?? current.StartTimestamp;
        if (result.ExitCode is { } exitCode)
        {
            var oom = _cgroup?.OomKilled() == true;
            var body = LambdaErrorDocuments.ExitError(request.RequestId, exitCode, oom, out var type);
            return await EndAsync(request, InvocationStatus.RuntimeExit, body, type,
                _time.GetElapsedTime(start, result.Timestamp).TotalMilliseconds, initMs, cancellationToken).ConfigureAwait(false);
        }

        // Let the output written before the response reach the log (our host writes a marker; a custom runtime gets a moment).
        await WaitAsync(current.Marker.Task, _usesMarkers ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromMilliseconds(20), CancellationToken.None)
            .ConfigureAwait(false);
        return await EndAsync(request, result.ErrorType is null ? InvocationStatus.Success : InvocationStatus.FunctionError, result.Body, result.ErrorType,
            _time.GetElapsedTime(start, result.Timestamp).TotalMilliseconds, initMs, cancellationToken).ConfigureAwait(false);
    }

    public async Task NextAsync(HttpContext context)
    {
        _init.TrySetResult(new InitResult(_time.GetTimestamp(), null, null, null));
        InvocationRequest next;
        try
        {
            next = await _events.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_lock)
        {
            if (_current?.Request.RequestId == next.RequestId)
            {
                _current.StartTimestamp = _time.GetTimestamp();
            }
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = (_time.GetUtcNow() + TimeSpan.FromSeconds(Config.TimeoutSeconds)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = next.InvokedArn;
        headers["Lambda-Runtime-Trace-Id"] = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0";
        if (next.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = next.ClientContext;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(next.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task ResponseAsync(HttpContext context, string requestId)
    {
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        Complete(requestId, new RuntimeResult(_time.GetTimestamp(), body, null, null));
        await AcceptedAsync(context).ConfigureAwait(false);
    }

    public async Task ErrorAsync(HttpContext context, string requestId)
    {
        var timestamp = _time.GetTimestamp();
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        var errorType = LambdaErrorDocuments.ErrorTypeOf(HeaderErrorType(context), body);
        Complete(requestId, new RuntimeResult(timestamp, body, errorType, null));
        await AcceptedAsync(context).ConfigureAwait(false);
    }

    public async Task InitErrorAsync(HttpContext context)
    {
        var timestamp = _time.GetTimestamp();
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        _init.TrySetResult(new InitResult(timestamp, body, LambdaErrorDocuments.ErrorTypeOf(HeaderErrorType(context), body), null));
        await AcceptedAsync(context).ConfigureAwait(false);
    }

    public void MarkUsed() => LastUsed = _time.GetUtcNow();

    /// <summary>Synchronous last resort (process exit): kill the process tree and remove the cgroup, nothing else.</summary>
    public void KillNow()
    {
        KillProcess();
        _process?.WaitForExit(2000);
        _cgroup?.Remove();
    }

    /// <summary>Kills the process tree, removes the cgroup and stops the Runtime API. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        KillProcess();
        if (_process is { } process)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Environment {Id}: process {Pid} did not exit within 5 s of SIGKILL", Id, process.Id);
            }
        }

        if (_outputPump is { } pump)
        {
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
        }

        _cgroup?.Remove();
        if (_runtimeApi is { } api)
        {
            await api.DisposeAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    private async Task LaunchAsync(EnvironmentLaunch launch, CancellationToken cancellationToken)
    {
        _runtimeApi = await RuntimeApiServer.StartAsync(this, cancellationToken).ConfigureAwait(false);
        if (!Config.System && launch.Cgroups is { } cgroups)
        {
            _cgroup = cgroups.Create(Id, CgroupLimits.ForMemory(Config.MemoryMb, launch.HostCores));
        }

        var start = launch.BuildStartInfo(Config, _runtimeApi.Address, _cgroup?.ProcsFiles ?? []);
        _spawnTimestamp = _time.GetTimestamp();
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.Start();
        _outputPump = PumpOutputAsync(_process.StandardOutput);
        _ = WatchExitAsync(_process);
        _logger.LogDebug("Environment {Id}: started pid {Pid} for {Function}:{Version} ({Memory} MB, limits {Limits})",
            Id, _process.Id, Config.Name, Config.Version, Config.MemoryMb, _cgroup is null ? "off" : "on");
    }

    private async Task WatchExitAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (_outputPump is { } pump)
        {
            // The last lines a dying runtime printed belong to the invocation that killed it.
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None)).ConfigureAwait(false);
        }

        var code = process.ExitCode;
        var timestamp = _time.GetTimestamp();
        _exited.TrySetResult(code);
        _init.TrySetResult(new InitResult(timestamp, null, null, code));
        Current? current;
        lock (_lock)
        {
            current = _current;
        }

        current?.Result.TrySetResult(new RuntimeResult(timestamp, [], null, code));
    }

    private async Task PumpOutputAsync(StreamReader output)
    {
        while (await output.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_lock)
            {
                if (EndMarker.TryFind(line, out var before, out var requestId))
                {
                    if (before.Length > 0)
                    {
                        (_current?.Log ?? _initLog).Append(before).Append('\n');
                    }

                    if (_current?.Request.RequestId == requestId)
                    {
                        _current.Marker.TrySetResult();
                    }

                    continue;
                }

                if (_current is { } current)
                {
                    current.Log.Append(line).Append('\n');
                }
                else
                {
                    _initLog.Append(line).Append('\n');
                    if (_initLog.Length > 64 * 1024)
                    {
                        _initLog.Remove(0, _initLog.Length - (32 * 1024));
                    }
                }
            }
        }
    }

    private async Task<InvocationOutcome> EndAsync(
        InvocationRequest request, InvocationStatus status, byte[] payload, string? errorType, double durationMs, double? initMs, CancellationToken cancellationToken)
    {
        var died = status is InvocationStatus.Timeout or InvocationStatus.RuntimeExit or InvocationStatus.InitError || !IsAlive;
        var memory = PeakMemoryMb();
        string log;
        lock (_lock)
        {
            log = _current?.Request.RequestId == request.RequestId ? _current.Log.ToString() : string.Empty;
            if (status == InvocationStatus.InitError || (initMs is not null && status == InvocationStatus.RuntimeExit && _current is null))
            {
                log = _initLog.ToString();
            }

            _current = null;
        }

        if (status == InvocationStatus.Timeout)
        {
            log += $"{_time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {request.RequestId} Task timed out after {Config.TimeoutSeconds:F2} seconds\n";
        }
        else if (status == InvocationStatus.RuntimeExit)
        {
            log += $"{Encoding.UTF8.GetString(payload)}\n";
        }

        if (died)
        {
            await DisposeAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new InvocationOutcome
        {
            Status = status,
            Payload = payload,
            ErrorType = errorType,
            FunctionLog = log,
            DurationMs = durationMs,
            InitDurationMs = initMs,
            MaxMemoryUsedMb = memory,
            EnvironmentDied = died,
        };
    }

    /// <summary>
    /// The larger of the cgroup's peak and the process's resident high-water mark: runtime files already in the page
    /// cache are charged to whichever cgroup read them first, yet they occupy the function's memory as on Lambda.
    /// </summary>
    private int PeakMemoryMb()
    {
        var bytes = Math.Max(_cgroup?.PeakMemoryBytes() ?? 0, ProcessPeakBytes() ?? 0);
        _peakBytes = Math.Max(_peakBytes, bytes);
        return (int)Math.Ceiling(_peakBytes / (1024.0 * 1024.0));
    }

    /// <summary>Without a cgroup: the process's own high-water mark (VmHWM).</summary>
    private long? ProcessPeakBytes()
    {
        try
        {
            if (_process is null || _process.HasExited)
            {
                return null;
            }

            var kb = CgroupFiles.ReadKey($"/proc/{_process.Id}/status", "VmHWM:");
            return kb * 1024;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void KillProcess()
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        _cgroup?.KillAll();
        _events.Writer.TryComplete();
    }

    private void Complete(string requestId, RuntimeResult result)
    {
        lock (_lock)
        {
            if (_current?.Request.RequestId == requestId)
            {
                _current.Result.TrySetResult(result);
            }
        }
    }

    private async Task<bool> WaitAsync(Task task, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(limit, _time, cts.Token);
        var winner = await Task.WhenAny(task, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return winner == task;
    }

    private static string? HeaderErrorType(HttpContext context) =>
        context.Request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var header) ? header.ToString() : null;

    private static Task AcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"status\":\"OK\"}");
    }

    private sealed record InitResult(long Timestamp, byte[]? ErrorBody, string? ErrorType, int? ExitCode);

    private sealed record RuntimeResult(long Timestamp, byte[] Body, string? ErrorType, int? ExitCode);

    private sealed class Current(InvocationRequest request)
    {
        public InvocationRequest Request { get; } = request;

        public StringBuilder Log { get; } = new();

        public TaskCompletionSource<RuntimeResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Marker { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long StartTimestamp { get; set; }
    }
}
