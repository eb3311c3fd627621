using System.Globalization;

namespace Tuner.TestTargets;

/// <summary>
/// Loads a table of <c>TUNER_TEST_TABLE_MB</c> MB at INIT (default 300; every page touched, held for the life of the
/// environment, as a function that caches a model or a lookup table), then each invocation reads one byte per page of
/// it and awaits <c>milliseconds</c> (payload, default 100) of I/O. Tiers whose memory limit is below the table plus
/// the runtime's own fail with an out-of-memory error; above it the duration is flat (the wait dominates), so the
/// smallest tier that works is the cheapest.
/// </summary>
public sealed class MemoryFloor
{
    /// <summary>The environment variable holding the table size in MB.</summary>
    public const string TableVariable = "TUNER_TEST_TABLE_MB";

    private const int Page = 4096;

    private readonly List<byte[]> _table;

    public MemoryFloor()
        : this(Environment.GetEnvironmentVariable(TableVariable))
    {
    }

    public MemoryFloor(string? megabytes)
    {
        var size = int.TryParse(megabytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : 300;
        _table = new List<byte[]>(size);
        for (var i = 0; i < size; i++)
        {
            var chunk = new byte[1024 * 1024];
            for (var j = 0; j < chunk.Length; j += Page)
            {
                chunk[j] = (byte)(i + j);
            }

            _table.Add(chunk);
        }
    }

    public async Task<Stream> Handle(Stream input)
    {
        var milliseconds = Payload.Number(input, "milliseconds", 100);
        long sum = 0;
        foreach (var chunk in _table)
        {
            for (var j = 0; j < chunk.Length; j += Page)
            {
                sum += chunk[j];
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(milliseconds));
        return Payload.Json(new { tableMb = _table.Count, sum, waitedMs = milliseconds });
    }
}
