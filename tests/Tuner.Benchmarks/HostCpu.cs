using System.Globalization;

namespace Tuner.Benchmarks;

/// <summary>
/// The host's CPU use from <c>/proc/stat</c> (Linux; elsewhere <see cref="Read"/> gives null): how many cores were
/// busy between two readings, every process included. On a shared machine it tells a measurement taken while others
/// competed for the cores (the local service's quotas are then not fully delivered) from one on a quiet machine.
/// </summary>
internal sealed record HostCpu(long Busy, long Total)
{
    public static HostCpu? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return new HostCpu(total - idle, total);
    }

    /// <summary>Cores busy on average since <paramref name="earlier"/>.</summary>
    public double CoresBusySince(HostCpu earlier) =>
        Total > earlier.Total ? (double)(Busy - earlier.Busy) / (Total - earlier.Total) * Environment.ProcessorCount : 0;

    /// <summary>Waits until the host's busy cores over a 5 s window are at most <paramref name="cores"/>, for at most <paramref name="patience"/>; returns the last window's figure.</summary>
    public static async Task<double?> WaitQuietAsync(double cores, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var before = Read();
            await Task.Delay(TimeSpan.FromSeconds(5));
            if (before is null || Read() is not { } after)
            {
                return null;
            }

            var busy = after.CoresBusySince(before);
            if (busy <= cores || DateTime.UtcNow >= deadline)
            {
                return busy;
            }
        }
    }
}
