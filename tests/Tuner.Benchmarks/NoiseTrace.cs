using System.Globalization;

namespace Tuner.Benchmarks;

/// <summary>
/// Per-invocation accounting of one environment for <c>noise --trace</c>: the CFS throttling of its cpu cgroup
/// (<c>cpu.stat</c> nr_throttled, throttled_time) and the CPU time each of its threads ran
/// (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>), so a slow invocation can be attributed to throttling and to a thread.
/// </summary>
internal sealed class NoiseTrace
{
    private readonly int _pid;
    private readonly string? _cpuStat;
    private Snapshot _last;

    public NoiseTrace(int pid, IReadOnlyList<string> cgroupDirectories)
    {
        _pid = pid;
        _cpuStat = cgroupDirectories.Select(d => Path.Combine(d, "cpu.stat")).FirstOrDefault(File.Exists);
        _last = Take();
    }

    /// <summary>What happened since the previous call.</summary>
    public Delta Next()
    {
        var now = Take();
        var threads = now.ThreadNs
            .Select(t => (t.Key, Ns: t.Value - _last.ThreadNs.GetValueOrDefault(t.Key)))
            .Where(t => t.Ns > 0)
            .GroupBy(t => t.Key.Name)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Ns) / 1e6);
        var delta = new Delta(now.NrThrottled - _last.NrThrottled, (now.ThrottledNs - _last.ThrottledNs) / 1e6, threads);
        _last = now;
        return delta;
    }

    private Snapshot Take()
    {
        var threads = new Dictionary<(int Tid, string Name), long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{_pid}/task"))
            {
                var tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var runtime = long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[(tid, name)] = runtime;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A thread that exited between listing and reading.
        }

        long nr = 0, ns = 0;
        if (_cpuStat is not null)
        {
            foreach (var line in File.ReadLines(_cpuStat))
            {
                var parts = line.Split(' ');
                if (parts[0] == "nr_throttled")
                {
                    nr = long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                else if (parts[0] is "throttled_time")
                {
                    ns = long.Parse(parts[1], CultureInfo.InvariantCulture);
                }
                else if (parts[0] is "throttled_usec")
                {
                    ns = long.Parse(parts[1], CultureInfo.InvariantCulture) * 1000;
                }
            }
        }

        return new Snapshot(nr, ns, threads);
    }

    private sealed record Snapshot(long NrThrottled, long ThrottledNs, Dictionary<(int Tid, string Name), long> ThreadNs);

    /// <summary>One invocation's throttling and per-thread CPU milliseconds.</summary>
    public sealed record Delta(long NrThrottled, double ThrottledMs, IReadOnlyDictionary<string, double> ThreadMs);
}
