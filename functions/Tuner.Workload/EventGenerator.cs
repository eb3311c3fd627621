using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tuner.Workload;

/// <summary>
/// Deterministic synthetic events (same count and seed, same events), as JSON text so that processing parses
/// them exactly as it parses events received in the request.
/// </summary>
internal static class EventGenerator
{
    private static readonly string[] Types = ["view", "click", "cart", "purchase", "refund"];
    private static readonly string[] Pages = ["/", "/search", "/product", "/cart", "/checkout", "/account", "/help"];
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<string> Generate(int count, int seed, int noteBytes)
    {
#pragma warning disable CA5394 // Synthetic test data: reproducibility matters, not unpredictability.
        var random = new Random(seed);
        var events = new List<string>(count);
        var buffer = new ArrayBufferWriterPool();
        for (var i = 0; i < count; i++)
        {
            var type = Types[random.Next(Types.Length)];
            using var writer = new Utf8JsonWriter(buffer.Reset());
            writer.WriteStartObject();
            writer.WriteString("id", $"evt-{seed}-{i:D7}");
            writer.WriteString("type", type);
            writer.WriteString("userId", $"user-{random.Next(100_000):D6}");
            writer.WriteString("timestamp", Epoch.AddSeconds(random.Next(365 * 24 * 3600)).ToString("O", CultureInfo.InvariantCulture));
            if (type is "purchase" or "refund")
            {
                writer.WriteNumber("amount", Math.Round(random.NextDouble() * 500, 2));
            }

            writer.WriteStartObject("payload");
            writer.WriteString("page", Pages[random.Next(Pages.Length)]);
            writer.WriteString("referrer", random.Next(3) == 0 ? "search" : "direct");
            writer.WriteStartArray("tags");
            for (var t = random.Next(4); t > 0; t--)
            {
                writer.WriteStringValue("tag" + random.Next(50).ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteEndArray();
            writer.WriteString("note", RandomText(random, noteBytes));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            events.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
#pragma warning restore CA5394

        return events;
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 ";
#pragma warning disable CA5394 // Synthetic test data.
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
#pragma warning restore CA5394
    }

    /// <summary>One reusable buffer for the generator's writer.</summary>
    private sealed class ArrayBufferWriterPool
    {
        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(1024);

        public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

        public System.Buffers.ArrayBufferWriter<byte> Reset()
        {
            _buffer.ResetWrittenCount();
            return _buffer;
        }
    }
}
