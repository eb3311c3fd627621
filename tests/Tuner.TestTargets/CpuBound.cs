namespace Tuner.TestTargets;

/// <summary>A single-threaded CPU-bound loop: its duration scales with the environment's CPU quota only.</summary>
public sealed class CpuBound
{
    public Task<Stream> Handle(Stream input)
    {
        var iterations = Payload.Number(input, "iterations", 10_000_000);
        ulong x = 0x9E3779B97F4A7C15;
        for (long i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            x ^= x >> 33;
        }

        return Task.FromResult(Payload.Json(new { result = x.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) }));
    }
}
