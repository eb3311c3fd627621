using System.Globalization;

namespace Tuner.TestTargets;

/// <summary>
/// The <see cref="CpuBound"/> loop split over <c>TUNER_TEST_THREADS</c> dedicated threads (default 2, read once at
/// INIT as a real function reads its settings): its duration scales with the CPU quota up to that many vCPUs, so
/// its speed optimum is threads × 1,769 MB (capped by what the host offers) and the variable is a tuning knob.
/// </summary>
public sealed class ParallelCpu
{
    /// <summary>The environment variable holding the thread count.</summary>
    public const string ThreadsVariable = "TUNER_TEST_THREADS";

    private readonly int _threads;

    public ParallelCpu()
        : this(Environment.GetEnvironmentVariable(ThreadsVariable))
    {
    }

    public ParallelCpu(string? threads) =>
        _threads = int.TryParse(threads, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 2;

    public async Task<Stream> Handle(Stream input)
    {
        var iterations = Payload.Number(input, "iterations", 10_000_000);
        var share = iterations / _threads;
        var parts = await Task.WhenAll(Enumerable.Range(0, _threads).Select(i => Task.Factory.StartNew(
            () => Spin(share, (ulong)i + 1),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));
        var x = parts.Aggregate(0UL, (a, b) => a ^ b);
        return Payload.Json(new { threads = _threads, result = x.ToString("x16", CultureInfo.InvariantCulture) });
    }

    private static ulong Spin(long iterations, ulong seed)
    {
        var x = 0x9E3779B97F4A7C15UL * seed;
        for (long i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            x ^= x >> 33;
        }

        return x;
    }
}
