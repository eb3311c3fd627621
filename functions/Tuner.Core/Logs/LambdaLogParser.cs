using System.Globalization;
using System.Text.Json;
using Tuner.Core.Samples;

namespace Tuner.Core.Logs;

/// <summary>
/// Parses the log tail of an invocation (<c>LogType=Tail</c>, last 4 KB). Understands the text <c>REPORT</c> line
/// (<c>Duration</c>, <c>Billed Duration</c>, <c>Memory Size</c>, <c>Max Memory Used</c>, <c>Init Duration</c>,
/// <c>Restore Duration</c>, <c>Status</c>) and the JSON <c>platform.report</c> record. A missing, truncated or
/// unrecognised report is returned as a problem, never filled with guessed values.
/// </summary>
public static class LambdaLogParser
{
    private const string ReportPrefix = "REPORT RequestId:";

    public static LogParseResult Parse(string? logTail)
    {
        if (string.IsNullOrEmpty(logTail))
        {
            return new LogParseResult(null, null, "the log tail is empty: no REPORT line");
        }

        LambdaReport? report = null;
        string? problem = null;
        WorkloadMetrics? metrics = null;
        var sawReport = false;
        foreach (var rawLine in logTail.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var start = line.IndexOf(ReportPrefix, StringComparison.Ordinal);
            if (start >= 0)
            {
                sawReport = true;
                (report, problem) = ParseText(line[start..]);
                continue;
            }

            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('{'))
            {
                var json = ParseJsonLine(trimmed);
                if (json.IsReport)
                {
                    sawReport = true;
                    (report, problem) = (json.Report, json.Problem);
                }

                metrics = json.Metrics ?? metrics;
            }
        }

        if (!sawReport)
        {
            problem = logTail.Contains("REPORT", StringComparison.Ordinal) || logTail.Contains("platform.report", StringComparison.Ordinal)
                ? "the REPORT line is truncated or in an unknown format"
                : "no REPORT line in the log tail";
        }

        return new LogParseResult(problem is null ? report : null, metrics, problem);
    }

    private static (LambdaReport? Report, string? Problem) ParseText(string line)
    {
        string? requestId = null;
        double? duration = null, billed = null, init = null, restore = null;
        int? memory = null, maxMemory = null;
        string? status = null;
        foreach (var part in line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            switch (key)
            {
                case "REPORT RequestId":
                    requestId = value;
                    break;
                case "Duration":
                    duration = Number(value, "ms");
                    if (duration is null)
                    {
                        return (null, $"REPORT line has an unreadable Duration '{value}'");
                    }

                    break;
                case "Billed Duration":
                    billed = Number(value, "ms");
                    if (billed is null)
                    {
                        return (null, $"REPORT line has an unreadable Billed Duration '{value}'");
                    }

                    break;
                case "Memory Size":
                    memory = (int?)Number(value, "MB");
                    if (memory is null)
                    {
                        return (null, $"REPORT line has an unreadable Memory Size '{value}'");
                    }

                    break;
                case "Max Memory Used":
                    maxMemory = (int?)Number(value, "MB");
                    if (maxMemory is null)
                    {
                        return (null, $"REPORT line has an unreadable Max Memory Used '{value}'");
                    }

                    break;
                case "Init Duration":
                    init = Number(value, "ms");
                    if (init is null)
                    {
                        return (null, $"REPORT line has an unreadable Init Duration '{value}'");
                    }

                    break;
                case "Restore Duration":
                    restore = Number(value, "ms");
                    if (restore is null)
                    {
                        return (null, $"REPORT line has an unreadable Restore Duration '{value}'");
                    }

                    break;
                case "Status":
                    status = value;
                    break;
                default:
                    break;
            }
        }

        return Complete(requestId, duration, billed, memory, maxMemory, init, restore, status, "REPORT line");
    }

    private static (LambdaReport? Report, string? Problem) Complete(
        string? requestId, double? duration, double? billed, int? memory, int? maxMemory, double? init, double? restore, string? status, string what)
    {
        var missing = new List<string>();
        if (duration is null)
        {
            missing.Add("Duration");
        }

        if (billed is null)
        {
            missing.Add("Billed Duration");
        }

        if (memory is null)
        {
            missing.Add("Memory Size");
        }

        if (maxMemory is null)
        {
            missing.Add("Max Memory Used");
        }

        if (missing.Count > 0)
        {
            return (null, $"{what} is truncated or in an unknown format: missing {string.Join(", ", missing)}");
        }

        return (new LambdaReport(requestId, duration!.Value, billed!.Value, memory!.Value, maxMemory!.Value, init, restore, status), null);
    }

    private static double? Number(string value, string unit)
    {
        if (!value.EndsWith(" " + unit, StringComparison.Ordinal))
        {
            return null;
        }

        var number = value[..^(unit.Length + 1)].Trim();
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var result) ? result : null;
    }

    private readonly record struct JsonLine(bool IsReport, LambdaReport? Report, string? Problem, WorkloadMetrics? Metrics);

    private static JsonLine ParseJsonLine(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var metrics = WorkloadMetricsReader.Find(root);
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "platform.report")
            {
                return new JsonLine(false, null, null, metrics);
            }

            if (!root.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object
                || !record.TryGetProperty("metrics", out var m) || m.ValueKind != JsonValueKind.Object)
            {
                return new JsonLine(true, null, "platform.report record has no metrics", metrics);
            }

            var requestId = record.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var status = record.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var (report, problem) = Complete(
                requestId,
                JsonNumber(m, "durationMs"),
                JsonNumber(m, "billedDurationMs"),
                (int?)JsonNumber(m, "memorySizeMB"),
                (int?)JsonNumber(m, "maxMemoryUsedMB"),
                JsonNumber(m, "initDurationMs"),
                JsonNumber(m, "restoreDurationMs"),
                status,
                "platform.report record");
            return new JsonLine(true, report, problem, metrics);
        }
        catch (JsonException)
        {
            return line.Contains("platform.report", StringComparison.Ordinal)
                ? new JsonLine(true, null, "platform.report record is truncated", null)
                : default;
        }
    }

    private static double? JsonNumber(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
