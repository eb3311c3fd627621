using System.Text.Json;
using Tuner.Core.Requests;
using Tuner.Core.Serialization;

namespace Tuner.Core.Samples;

/// <summary>
/// The <c>runs/&lt;runId&gt;/samples/&lt;cellId&gt;.jsonl</c> format: one <see cref="Sample"/> per line in
/// <see cref="TunerJson"/> shape. Reading reports bad lines by line number and keeps the good ones.
/// </summary>
public static class SampleJsonl
{
    public const string ContentType = "application/x-ndjson";

    public static byte[] Write(IEnumerable<Sample> samples)
    {
        using var buffer = new MemoryStream();
        foreach (var sample in samples)
        {
            JsonSerializer.Serialize(buffer, sample, TunerJson.Options);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>Appends the samples of <paramref name="utf8"/> to <paramref name="into"/>; returns the problems.</summary>
    public static IReadOnlyList<ValidationProblem> Read(ReadOnlySpan<byte> utf8, List<Sample> into, string source = "")
    {
        var problems = new List<ValidationProblem>();
        var lineNumber = 0;
        while (!utf8.IsEmpty)
        {
            lineNumber++;
            var end = utf8.IndexOf((byte)'\n');
            var line = end < 0 ? utf8 : utf8[..end];
            utf8 = end < 0 ? [] : utf8[(end + 1)..];
            if (line.Trim(" \r\t"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                var sample = JsonSerializer.Deserialize<Sample>(line, TunerJson.Options);
                if (sample is null || string.IsNullOrEmpty(sample.CellId))
                {
                    problems.Add(new ValidationProblem(Where(source, lineNumber), "not a sample"));
                }
                else
                {
                    into.Add(sample);
                }
            }
            catch (JsonException ex)
            {
                problems.Add(new ValidationProblem(Where(source, lineNumber), "unreadable sample: " + ex.Message));
            }
        }

        return problems;
    }

    private static string Where(string source, int line) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source}:{line}");
}
