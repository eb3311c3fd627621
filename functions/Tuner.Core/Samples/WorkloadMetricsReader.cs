using System.Text.Json;

namespace Tuner.Core.Samples;

/// <summary>
/// Finds <c>{"tunerMetrics":{"items":n,"consumedWriteUnits":x,"retries":r,"throttles":t}}</c> in a function's response
/// or in a JSON log line. Fields of the wrong type are left <c>null</c>.
/// </summary>
public static class WorkloadMetricsReader
{
    /// <summary>Reads the metrics from a response payload; <c>null</c> when the payload is not JSON or has none.</summary>
    public static WorkloadMetrics? FromPayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload.IndexOf("tunerMetrics"u8) < 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            return Find(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads the metrics of an object that has a <c>tunerMetrics</c> property.</summary>
    public static WorkloadMetrics? Find(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tunerMetrics", out var m) || m.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new WorkloadMetrics(
            m.TryGetProperty("items", out var items) && items.TryGetInt64Safe(out var i) ? i : null,
            m.TryGetProperty("consumedWriteUnits", out var cwu) && cwu.ValueKind == JsonValueKind.Number ? cwu.GetDouble() : null,
            m.TryGetProperty("retries", out var retries) && retries.TryGetInt64Safe(out var r) ? (int)Math.Min(r, int.MaxValue) : null,
            m.TryGetProperty("throttles", out var throttles) && throttles.TryGetInt64Safe(out var t) ? (int)Math.Min(t, int.MaxValue) : null);
    }

    private static bool TryGetInt64Safe(this JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }
}
