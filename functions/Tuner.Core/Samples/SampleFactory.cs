using System.Text.Json;
using Tuner.Core.Logs;
using Tuner.Core.Ports;

namespace Tuner.Core.Samples;

/// <summary>
/// Turns one <see cref="InvocationResult"/> into a <see cref="Sample"/>: figures from the REPORT line, the error type
/// from the function error payload (<c>errorType</c>/<c>errorMessage</c>) or the REPORT status, workload metrics
/// from the response (or a JSON log line). An invocation without a readable REPORT is a problem, not a sample.
/// </summary>
public static class SampleFactory
{
    private const int MaxMessageLength = 500;

    public static SampleResult FromInvocation(string cellId, int index, InvocationResult invocation)
    {
        var log = LambdaLogParser.Parse(invocation.LogTail);
        if (log.Report is not { } report)
        {
            return new SampleResult(null, log.Problem);
        }

        var (errorType, errorMessage) = Error(invocation, report);
        var metrics = WorkloadMetricsReader.FromPayload(invocation.Payload) ?? log.Metrics;
        return new SampleResult(
            new Sample
            {
                CellId = cellId,
                Index = index,
                ColdStart = report.InitDurationMs is not null || report.RestoreDurationMs is not null,
                DurationMs = report.DurationMs,
                BilledDurationMs = report.BilledDurationMs,
                InitDurationMs = report.InitDurationMs,
                MemorySizeMb = report.MemorySizeMb,
                MaxMemoryUsedMb = report.MaxMemoryUsedMb,
                ErrorType = errorType,
                ErrorMessage = errorMessage,
                Items = metrics?.Items,
                ConsumedWriteUnits = metrics?.ConsumedWriteUnits,
                Retries = metrics?.Retries,
                Throttles = metrics?.Throttles,
                LimitsEnforced = invocation.LimitsEnforced,
                RestoreDurationMs = report.RestoreDurationMs,
            },
            null);
    }

    private static (string? Type, string? Message) Error(InvocationResult invocation, LambdaReport report)
    {
        if (invocation.FunctionError is null)
        {
            return report.Status is null or "success" ? (null, null) : (StatusError(report.Status), null);
        }

        string? type = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(invocation.Payload);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                message = root.TryGetProperty("errorMessage", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            message = null;
        }

        if (report.Status is not null and not "success" and not "error")
        {
            type ??= StatusError(report.Status);
        }

        type ??= invocation.FunctionError;
        if (message is { Length: > MaxMessageLength })
        {
            message = message[..MaxMessageLength];
        }

        return (type, message);
    }

    private static string StatusError(string status) => status switch
    {
        "timeout" => "Sandbox.Timedout",
        _ => "Status." + status,
    };
}
