using System.Text;
using System.Threading.Channels;
using Tuner.LocalLambda.Cgroups;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// One execution environment: a child process (our handler host or a custom <c>bootstrap</c>) in its own cgroup,
/// talking to its own Runtime API. Serves one invocation at a time; a timeout or a crash ends it. The process is a
/// <see cref="RuntimeProcess"/>, its output a <see cref="RuntimeOutput"/>, its clock an <see cref="InvocationTimeline"/>;
/// this type sequences them into Lambda's invocation lifecycle.
/// </summary>
internal sealed class ExecutionEnvironment : IRuntimeApiTarget, IAsyncDisposable
{
    private readonly Channel<InvocationRequest> _events = Channel.CreateBounded<InvocationRequest>(1);
    private readonly TaskCompletionSource<InitResult> _init = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly RuntimeOutput _output = new();
    private readonly InvocationTimeline _timeline;
    private readonly ILogger _logger;
    private readonly bool _usesMarkers;
    private RuntimeApiServer? _runtimeApi;
    private IEnvironmentCgroup? _cgroup;
    private RuntimeProcess? _process;
    private Current? _current;
    private int _invocations;
    private int _disposed;

    private ExecutionEnvironment(string id, FunctionConfig config, TimeProvider time, ILogger logger, TimeSpan initTimeout)
    {
        Id = id;
        Config = config;
        _timeline = new InvocationTimeline(time, initTimeout);
        _logger = logger;
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
            var initWait = await _timeline.WaitAsync(_init.Task, _timeline.InitTimeout + timeout, cancellationToken).ConfigureAwait(false);
            if (!initWait)
            {
                return await EndAsync(request, InvocationStatus.Timeout, LambdaErrorDocuments.TimedOut(request.RequestId, timeout), LambdaErrorDocuments.TimedOutType,
                    durationMs: timeout.TotalMilliseconds, initMs: null, cancellationToken).ConfigureAwait(false);
            }

            var init = await _init.Task.ConfigureAwait(false);
            if (init.ErrorBody is not null || init.ExitCode is not null)
            {
                var elapsed = _timeline.SinceSpawnMs(init.Timestamp);
                var oom = OomKilled();
                var exitType = oom ? "Runtime.OutOfMemory" : "Runtime.ExitError";
                var exitBody = init.ErrorBody ?? LambdaErrorDocuments.ExitError(request.RequestId, init.ExitCode!.Value, oom, out exitType);
                var errorType = init.ErrorType ?? exitType;
                return await EndAsync(request, init.ErrorBody is null ? InvocationStatus.RuntimeExit : InvocationStatus.InitError, exitBody, errorType,
                    durationMs: 0, initMs: elapsed, cancellationToken).ConfigureAwait(false);
            }

            (initMs, suppressedStart) = _timeline.ColdStartAt(init.Timestamp);
        }

        var current = new Current(request) { StartTimestamp = _timeline.Now() };
        Task marker;
        lock (_lock)
        {
            _current = current;
            marker = _output.Begin(request.RequestId);
        }

        if (!_events.Writer.TryWrite(request))
        {
            // The runtime died between invocations (or was killed): this invocation sees the exit, never a hang.
            var code = _exited.Task.IsCompleted ? await _exited.Task.ConfigureAwait(false) : 137;
            var exitBody = LambdaErrorDocuments.ExitError(request.RequestId, code, OomKilled(), out var exitType);
            return await EndAsync(request, InvocationStatus.RuntimeExit, exitBody, exitType, 0, initMs, cancellationToken).ConfigureAwait(false);
        }

        var remaining = _timeline.Remaining(timeout, suppressedStart);
        var finished = remaining > TimeSpan.Zero && await _timeline.WaitAsync(current.Result.Task, remaining, cancellationToken).ConfigureAwait(false);
        if (!finished)
        {
            return await EndAsync(request, InvocationStatus.Timeout, LambdaErrorDocuments.TimedOut(request.RequestId, timeout), LambdaErrorDocuments.TimedOutType,
                durationMs: timeout.TotalMilliseconds, initMs, cancellationToken).ConfigureAwait(false);
        }

        var result = await current.Result.Task.ConfigureAwait(false);
        var start = suppressedStart ?? current.StartTimestamp;
        if (result.ExitCode is { } exitCode)
        {
            var body = LambdaErrorDocuments.ExitError(request.RequestId, exitCode, OomKilled(), out var type);
            return await EndAsync(request, InvocationStatus.RuntimeExit, body, type,
                _timeline.DurationMs(start, result.Timestamp), initMs, cancellationToken).ConfigureAwait(false);
        }

        // Let the output written before the response reach the log (our host writes a marker; a custom runtime gets a moment).
        await _timeline.WaitAsync(marker, _usesMarkers ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromMilliseconds(20), CancellationToken.None)
            .ConfigureAwait(false);
        return await EndAsync(request, result.ErrorType is null ? InvocationStatus.Success : InvocationStatus.FunctionError, result.Body, result.ErrorType,
            _timeline.DurationMs(start, result.Timestamp), initMs, cancellationToken).ConfigureAwait(false);
    }

    public async Task NextAsync(HttpContext context)
    {
        _init.TrySetResult(new InitResult(_timeline.Now(), null, null, null));
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
                _current.StartTimestamp = _timeline.Now();
            }
        }

        await RuntimeApiEndpoint.WriteEventAsync(context, next, _timeline.Deadline(TimeSpan.FromSeconds(Config.TimeoutSeconds))).ConfigureAwait(false);
    }

    public async Task ResponseAsync(HttpContext context, string requestId)
    {
        var body = await LoopbackServer.ReadBodyAsync(context).ConfigureAwait(false);
        Complete(requestId, new RuntimeResult(_timeline.Now(), body, null, null));
        await RuntimeApiEndpoint.AcceptedAsync(context).ConfigureAwait(false);
    }

    public async Task ErrorAsync(HttpContext context, string requestId)
    {
        var timestamp = _timeline.Now();
        var (body, errorType) = await RuntimeApiEndpoint.ReadErrorAsync(context).ConfigureAwait(false);
        Complete(requestId, new RuntimeResult(timestamp, body, errorType, null));
        await RuntimeApiEndpoint.AcceptedAsync(context).ConfigureAwait(false);
    }

    public async Task InitErrorAsync(HttpContext context)
    {
        var timestamp = _timeline.Now();
        var (body, errorType) = await RuntimeApiEndpoint.ReadErrorAsync(context).ConfigureAwait(false);
        _init.TrySetResult(new InitResult(timestamp, body, errorType, null));
        await RuntimeApiEndpoint.AcceptedAsync(context).ConfigureAwait(false);
    }

    public void MarkUsed() => LastUsed = _timeline.Time.GetUtcNow();

    /// <summary>Synchronous last resort (process exit): kill the process tree and remove the cgroup, nothing else.</summary>
    public void KillNow()
    {
        if (_process is { } process)
        {
            process.KillNow();
        }
        else
        {
            _cgroup?.Remove();
        }

        _events.Writer.TryComplete();
    }

    /// <summary>Kills the process tree, removes the cgroup and stops the Runtime API. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _process?.Kill();
        _events.Writer.TryComplete();
        if (_process is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _cgroup?.KillAll();
            _cgroup?.Remove();
        }

        if (_runtimeApi is { } api)
        {
            await api.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task LaunchAsync(EnvironmentLaunch launch, CancellationToken cancellationToken)
    {
        _runtimeApi = await RuntimeApiServer.StartAsync(this, cancellationToken).ConfigureAwait(false);
        if (!Config.System && launch.Cgroups is { } cgroups)
        {
            _cgroup = cgroups.Create(Id, CgroupLimits.ForMemory(Config.MemoryMb, launch.HostCores));
        }

        var start = launch.BuildStartInfo(Config, _runtimeApi.Address, _cgroup?.ProcsFiles ?? []);
        _timeline.Spawned();
        _process = RuntimeProcess.Start(start, _cgroup, _output, _logger, Id);
        _ = OnExitAsync(_process.Exited);
        _logger.LogDebug("Environment {Id}: started pid {Pid} for {Function}:{Version} ({Memory} MB, limits {Limits})",
            Id, _process.Id, Config.Name, Config.Version, Config.MemoryMb, _cgroup is null ? "off" : "on");
    }

    private async Task OnExitAsync(Task<int> exited)
    {
        var code = await exited.ConfigureAwait(false);
        var timestamp = _timeline.Now();
        _exited.TrySetResult(code);
        _init.TrySetResult(new InitResult(timestamp, null, null, code));
        Current? current;
        lock (_lock)
        {
            current = _current;
        }

        current?.Result.TrySetResult(new RuntimeResult(timestamp, [], null, code));
    }

    private async Task<InvocationOutcome> EndAsync(
        InvocationRequest request, InvocationStatus status, byte[] payload, string? errorType, double durationMs, double? initMs, CancellationToken cancellationToken)
    {
        var died = status is InvocationStatus.Timeout or InvocationStatus.RuntimeExit or InvocationStatus.InitError || !IsAlive;
        var memory = _process?.PeakMemoryMb() ?? 0;
        string log;
        lock (_lock)
        {
            log = _output.End(request.RequestId, out var begun);
            if (status == InvocationStatus.InitError || (initMs is not null && status == InvocationStatus.RuntimeExit && !begun))
            {
                log = _output.InitLog;
            }

            _current = null;
        }

        if (status == InvocationStatus.Timeout)
        {
            log += $"{_timeline.Time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {request.RequestId} Task timed out after {Config.TimeoutSeconds:F2} seconds\n";
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

    private bool OomKilled() => _process?.OomKilled() == true;

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

    private sealed record InitResult(long Timestamp, byte[]? ErrorBody, string? ErrorType, int? ExitCode);

    private sealed record RuntimeResult(long Timestamp, byte[] Body, string? ErrorType, int? ExitCode);

    private sealed class Current(InvocationRequest request)
    {
        public InvocationRequest Request { get; } = request;

        public TaskCompletionSource<RuntimeResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long StartTimestamp { get; set; }
    }
}
