using System.Diagnostics;
using Tuner.LocalLambda.Cgroups;

namespace Tuner.LocalLambda.Execution;

/// <summary>
/// The runtime's process (our host or a custom <c>bootstrap</c>) in its cgroup, if any: started with its output
/// pumped into a <see cref="RuntimeOutput"/>, watched until it exits, its memory high-water mark read, killed with its
/// whole tree. Owns the cgroup: disposal removes it.
/// </summary>
internal sealed class RuntimeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly IEnvironmentCgroup? _cgroup;
    private readonly ILogger _logger;
    private readonly string _environmentId;
    private readonly Task _outputPump;
    private long _peakBytes;

    private RuntimeProcess(Process process, IEnvironmentCgroup? cgroup, RuntimeOutput output, ILogger logger, string environmentId)
    {
        _process = process;
        _environmentId = environmentId;
        _cgroup = cgroup;
        _logger = logger;
        _outputPump = output.PumpAsync(process.StandardOutput);
        Exited = WatchExitAsync();
    }

    public int Id => _process.Id;

    /// <summary>The exit code, once the process exited and the last lines it printed were read (or 500 ms passed).</summary>
    public Task<int> Exited { get; }

    public static RuntimeProcess Start(ProcessStartInfo start, IEnvironmentCgroup? cgroup, RuntimeOutput output, ILogger logger, string environmentId)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new RuntimeProcess(process, cgroup, output, logger, environmentId);
    }

    /// <summary>True when the cgroup's OOM killer ended it (never without a cgroup).</summary>
    public bool OomKilled() => _cgroup?.OomKilled() == true;

    /// <summary>
    /// The larger of the cgroup's peak and the process's resident high-water mark, never below an earlier reading:
    /// runtime files already in the page cache are charged to whichever cgroup read them first, yet they occupy the
    /// function's memory as on Lambda.
    /// </summary>
    public int PeakMemoryMb()
    {
        var bytes = Math.Max(_cgroup?.PeakMemoryBytes() ?? 0, ProcessPeakBytes() ?? 0);
        _peakBytes = Math.Max(_peakBytes, bytes);
        return (int)Math.Ceiling(_peakBytes / (1024.0 * 1024.0));
    }

    /// <summary>Kills the process tree and everything left in the cgroup.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        _cgroup?.KillAll();
    }

    /// <summary>Synchronous last resort (process exit): kill, wait up to 2 s, remove the cgroup.</summary>
    public void KillNow()
    {
        Kill();
        _process.WaitForExit(2000);
        _cgroup?.Remove();
    }

    /// <summary>Kills it, waits for the exit (5 s) and the output (1 s), removes the cgroup.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("Environment {Id}: process {Pid} did not exit within 5 s of SIGKILL", _environmentId, _process.Id);
            }
        }

        await Task.WhenAny(_outputPump, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
        _cgroup?.Remove();
        _process.Dispose();
    }

    private async Task<int> WatchExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        // The last lines a dying runtime printed belong to the invocation that killed it.
        await Task.WhenAny(_outputPump, Task.Delay(TimeSpan.FromMilliseconds(500), CancellationToken.None)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Without a cgroup: the process's own high-water mark (VmHWM).</summary>
    private long? ProcessPeakBytes()
    {
        try
        {
            if (_process.HasExited)
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
}
