using System.Globalization;
using System.Text;
using Tuner.Core.Samples;

namespace Tuner.Reports;

/// <summary>
/// Writes every sample as <c>samples.csv</c> for people who want their own analysis: RFC 4180 (CRLF line ends,
/// a header row, fields quoted when they hold a comma, quote or line break, quotes doubled), UTF-8 without BOM,
/// invariant-culture numbers, empty fields for values the run did not record. Text that came from the target
/// function (error type and message) and begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return gets a leading apostrophe and quotes, so a spreadsheet opening the file shows it as text instead of
/// evaluating it as a formula (CSV injection); the signed <c>report.json</c> keeps the exact text.
/// </summary>
public static class SamplesCsv
{
    /// <summary>The header row, in column order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "cellId", "index", "coldStart", "durationMs", "billedDurationMs", "initDurationMs", "restoreDurationMs",
        "memorySizeMb", "maxMemoryUsedMb", "errorType", "errorMessage", "items", "consumedWriteUnits",
        "retries", "throttles", "limitsEnforced",
    ];

    /// <summary>Writes the header and one row per sample to <paramref name="output"/>, leaving the stream open.</summary>
    public static void Write(IEnumerable<Sample> samples, Stream output)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        writer.WriteLine(string.Join(',', Columns));
        var fields = new string?[Columns.Count];
        foreach (var s in samples)
        {
            fields[0] = s.CellId;
            fields[1] = s.Index.ToString(CultureInfo.InvariantCulture);
            fields[2] = s.ColdStart ? "true" : "false";
            fields[3] = Num(s.DurationMs);
            fields[4] = Num(s.BilledDurationMs);
            fields[5] = Num(s.InitDurationMs);
            fields[6] = Num(s.RestoreDurationMs);
            fields[7] = s.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
            fields[8] = s.MaxMemoryUsedMb.ToString(CultureInfo.InvariantCulture);
            fields[9] = Text(s.ErrorType);
            fields[10] = Text(s.ErrorMessage);
            fields[11] = s.Items?.ToString(CultureInfo.InvariantCulture);
            fields[12] = Num(s.ConsumedWriteUnits);
            fields[13] = s.Retries?.ToString(CultureInfo.InvariantCulture);
            fields[14] = s.Throttles?.ToString(CultureInfo.InvariantCulture);
            fields[15] = s.LimitsEnforced ? "true" : "false";
            for (var i = 0; i < fields.Length; i++)
            {
                if (i > 0)
                {
                    writer.Write(',');
                }

                WriteField(writer, fields[i]);
            }

            writer.WriteLine();
        }

        writer.Flush();
    }

    private static string? Num(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Untrusted text, defused for spreadsheets: see the class summary.</summary>
    private static string? Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static void WriteField(StreamWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value[0] != '\'')
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
