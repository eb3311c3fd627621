using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tuner.LocalLambda.Host;

/// <summary>
/// The handler <c>tuner local calibrate</c> runs at each memory tier: a single-threaded integer loop whose duration
/// depends only on the CPU time the environment gets. Input <c>{"iterations":n}</c>.
/// </summary>
public sealed class CalibrationLoop
{
#pragma warning disable CA1822 // An instance handler on purpose: the runtime constructs the type, as for user handlers.
    public Task<Stream> Handle(Stream input)
#pragma warning restore CA1822
    {
        using var document = JsonDocument.Parse(input);
        var iterations = document.RootElement.TryGetProperty("iterations", out var value) ? value.GetInt64() : 10_000_000;
        var x = Spin(iterations);
        var json = "{\"result\":\"" + x.ToString("x16", CultureInfo.InvariantCulture) + "\"}";
        return Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(json)));
    }

    private static ulong Spin(long iterations)
    {
        ulong x = 0x9E3779B97F4A7C15;
        for (long i = 0; i < iterations; i++)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            x ^= x >> 33;
        }

        return x;
    }
}
