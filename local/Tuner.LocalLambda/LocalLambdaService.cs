using Microsoft.Extensions.Logging.Abstractions;
using Tuner.LocalLambda.Api;
using Tuner.LocalLambda.Cgroups;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Faults;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda;

/// <summary>
/// Tuner's local Lambda service, in process: the Lambda API on 127.0.0.1 and one Runtime API per execution
/// environment, each environment a child process capped like Lambda (CPU ∝ memory, hard memory limit) through
/// cgroups when it can be, and openly unlimited when it cannot. Dispose kills every environment and removes every cgroup.
/// </summary>
public sealed class LocalLambdaService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FunctionStore _store;
    private readonly EnvironmentPool _pool;
    private readonly ICgroupBackend? _cgroups;
    private readonly ITimer _reaper;
    private readonly CancellationTokenSource _stopping;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _disposed;

    private LocalLambdaService(
        WebApplication app, Uri endpoint, FunctionStore store, EnvironmentPool pool, ICgroupBackend? cgroups, string limitsDescription,
        LambdaFaultInjector faults, CancellationTokenSource stopping, TimeProvider time, ILogger logger)
    {
        Faults = faults;
        _app = app;
        Endpoint = endpoint;
        _store = store;
        _pool = pool;
        _cgroups = cgroups;
        LimitsDescription = limitsDescription;
        _stopping = stopping;
        _time = time;
        _logger = logger;
        _reaper = time.CreateTimer(_ => _ = ReapAsync(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The Lambda API base address (use as <c>AWS_ENDPOINT_URL_LAMBDA</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>True when environments run under cgroup CPU and memory limits.</summary>
    public bool LimitsEnforced => _cgroups is not null;

    /// <summary>The cgroup backend in use, or why limits are off.</summary>
    public string LimitsDescription { get; }

    public string Region => _store.Region;

    /// <summary>The injected faults (also reachable over HTTP at <c>/_tuner/faults</c>): errors answered instead of serving calls.</summary>
    public LambdaFaultInjector Faults { get; }

    /// <summary>Live execution environments (warm or busy).</summary>
    public int EnvironmentCount => _pool.Count;

    /// <summary>Process ids of the live environments (diagnostics and cleanup checks).</summary>
    public IReadOnlyList<int> EnvironmentProcessIds() => _pool.ProcessIds();

    /// <summary>Cgroup directories of the live environments (diagnostics and cleanup checks).</summary>
    public IReadOnlyList<string> EnvironmentCgroupDirectories() => _pool.CgroupDirectories();

    /// <summary>Invocations of the function still running (a caller that went away does not end them, as on Lambda).</summary>
    public int InFlightInvocations(string functionName) => _store.InFlight(functionName);

    public static async Task<LocalLambdaService> StartAsync(LocalLambdaOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("Tuner.LocalLambda");
        var cores = options.Cores ?? Environment.ProcessorCount;
        var (cgroups, reason) = CgroupDetector.Detect(options.EnforceLimits);
        var description = cgroups?.Description ?? reason;
        if (cgroups is null)
        {
            logger.LogWarning("Resource limits are OFF ({Reason}): environments run unlimited; every invoke says so (X-Tuner-Limits: off)", reason);
        }
        else
        {
            logger.LogInformation("Resource limits on: {Backend}; admission control over {Cores} cores", description, cores);
        }

        var app = LoopbackServer.Create(options.Port, 7 * 1024 * 1024);

        var store = new FunctionStore(options.Region, options.UpdateDelay, options.TimeProvider);
        var stopping = new CancellationTokenSource();
        EnvironmentPool? pool = null;
        var faults = new LambdaFaultInjector(options.TimeProvider);
        var routes = new LambdaApiRoutes(store, cgroups is not null, faults, logger, stopping.Token);
        routes.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var endpoint = new Uri($"http://127.0.0.1:{LoopbackServer.BoundPort(app)}/");
            var launch = new EnvironmentLaunch
            {
                Region = options.Region,
                DotnetPath = EnvironmentLaunch.FindDotnet(),
                HostPath = options.HostPath ?? EnvironmentLaunch.FindHost(),
                ServiceEndpoint = endpoint,
                BaseEnvironment = options.BaseEnvironment,
                InheritedEnvironment = EnvironmentLaunch.ReadInheritedEnvironment(),
                Cgroups = cgroups,
                HostCores = cores,
                InitTimeout = options.InitTimeout,
                Time = options.TimeProvider,
                Logger = logger,
            };
            pool = new EnvironmentPool(launch, options.IdleTimeout, options.MaxIdleEnvironments, logger);
            var admission = new CpuAdmission(cores, logger);
            var engine = new InvocationEngine(pool, admission, store, cgroups, reason, cores, logger);
            routes.Engine = engine;

            var service = new LocalLambdaService(app, endpoint, store, pool, cgroups, description, faults, stopping, options.TimeProvider, logger);
            if (options.RegistryPath is { } registry)
            {
                foreach (var definition in LocalRegistry.Load(registry))
                {
                    service.RegisterFunction(definition);
                }
            }

            foreach (var definition in options.Functions)
            {
                service.RegisterFunction(definition);
            }

            logger.LogInformation("Local Lambda service listening on {Endpoint}", endpoint);
            return service;
        }
        catch
        {
            if (pool is not null)
            {
                await pool.DisposeAsync().ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
            cgroups?.RemoveParent();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>Adds (or replaces) a function at run time.</summary>
    public void RegisterFunction(LocalFunctionDefinition definition)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _store.Register(definition);
    }

    /// <summary>The local ARN of a function (<c>arn:aws:lambda:&lt;region&gt;:000000000000:function:&lt;name&gt;[:qualifier]</c>).</summary>
    public string FunctionArn(string name, string? qualifier = null) => LocalArn.Function(_store.Region, name, qualifier);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await _reaper.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);

        // Environments first: in-flight invocations end at once (their runtime is gone) instead of holding the API open.
        await _pool.DisposeAsync().ConfigureAwait(false);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Lambda API did not stop within 2 s");
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _cgroups?.RemoveParent();
        _stopping.Dispose();
    }

    private async Task ReapAsync()
    {
        try
        {
            await _pool.ReapAsync(_store.IsCurrent, _time.GetUtcNow()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException)
        {
            _logger.LogDebug(ex, "Reaper pass skipped");
        }
    }

    /// <summary>Last resort when the process exits without disposing: no environment or cgroup outlives it.</summary>
    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _pool.KillAllNow();
            _cgroups?.RemoveParent();
        }
    }
}
