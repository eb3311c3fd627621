using Tuner.LocalLambda.Cgroups;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// Runs an Invoke: CPU admission for limited environments (queue, never oversubscribe), a warm or cold
/// environment, then the log with START/END/REPORT. The environment goes back to the pool or is gone.
/// </summary>
internal sealed class InvocationEngine
{
    private readonly EnvironmentPool _pool;
    private readonly CpuAdmission _admission;
    private readonly FunctionStore _store;
    private readonly ICgroupBackend? _cgroups;
    private readonly string _limitsOffReason;
    private readonly int _hostCores;
    private readonly ILogger _logger;

    public InvocationEngine(
        EnvironmentPool pool, CpuAdmission admission, FunctionStore store, ICgroupBackend? cgroups, string limitsOffReason, int hostCores, ILogger logger)
    {
        _pool = pool;
        _admission = admission;
        _store = store;
        _cgroups = cgroups;
        _limitsOffReason = limitsOffReason;
        _hostCores = hostCores;
        _logger = logger;
    }

    public async Task<InvokeResult> InvokeAsync(ResolvedFunction function, InvocationRequest request, CancellationToken cancellationToken)
    {
        var config = function.Config;
        try
        {
            var limited = _cgroups is not null && !config.System;
            IDisposable? lease = null;
            if (limited)
            {
                var limits = CgroupLimits.ForMemory(config.MemoryMb, _hostCores);
                lease = await _admission.AcquireAsync(limits.MilliCores, $"{config.Name}:{config.Version} request {request.RequestId}", cancellationToken)
                    .ConfigureAwait(false);
            }

            InvocationOutcome outcome;
            try
            {
                var environment = await _pool.AcquireAsync(config, cancellationToken).ConfigureAwait(false);
                try
                {
                    outcome = await environment.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The caller left mid-invocation: the runtime may still be running the event, so the environment goes.
                    await environment.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
                finally
                {
                    await _pool.ReleaseAsync(environment, _store.IsCurrent(config)).ConfigureAwait(false);
                }
            }
            finally
            {
                lease?.Dispose();
            }

            var log = ReportLine.Start(request.RequestId, config.Version) + outcome.FunctionLog + ReportLine.End(request.RequestId);
            if (!limited)
            {
                var reason = config.System ? "system function (Tuner orchestration runs unlimited)" : _limitsOffReason;
                log += $"TUNER Limits: off ({reason}): CPU and memory are not capped like Lambda's\n";
            }

            log += ReportLine.Report(request.RequestId, config.MemoryMb, outcome);
            if (outcome.Status != InvocationStatus.Success)
            {
                _logger.LogInformation("{Function}:{Version} request {RequestId}: {Status} {ErrorType}",
                    config.Name, config.Version, request.RequestId, outcome.Status, outcome.ErrorType);
            }

            return new InvokeResult(
                outcome.Payload,
                outcome.Status == InvocationStatus.Success ? null : "Unhandled",
                log,
                config.Version);
        }
        finally
        {
            _store.ExitInvocation(config.Name);
        }
    }
}
