using System.Text.Json;
using Tuner.Core.Reports;

namespace Tuner.Reports;

/// <summary>
/// Writes one CloudWatch Embedded Metric Format line per alert (namespace <c>Tuner</c>, dimensions
/// job/target/metric, metrics <c>Alert</c> = 1 and <c>ChangePct</c>). In Lambda, stdout lines in this shape become
/// metrics without any API call, so an alarm on <c>Tuner/Alert</c> fires on the first regression.
/// </summary>
public static class AlertLog
{
    /// <summary>The CloudWatch namespace of the alert metrics.</summary>
    public const string Namespace = "Tuner";

    /// <summary>Writes the report's alerts, stamped with the run's finish time.</summary>
    public static void Write(TuningReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(report.Alerts, output, report.Run.Job, report.Run.RunId, report.Run.FinishedAt);
    }

    /// <summary>Writes one EMF JSON line per alert to <paramref name="output"/>.</summary>
    public static void Write(IEnumerable<ReportAlert> alerts, TextWriter output, string job, string runId, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        foreach (var alert in alerts)
        {
            buffer.SetLength(0);
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteStartObject("_aws");
                w.WriteNumber("Timestamp", timestamp.ToUnixTimeMilliseconds());
                w.WriteStartArray("CloudWatchMetrics");
                w.WriteStartObject();
                w.WriteString("Namespace", Namespace);
                w.WriteStartArray("Dimensions");
                w.WriteStartArray();
                w.WriteStringValue("job");
                w.WriteStringValue("target");
                w.WriteStringValue("metric");
                w.WriteEndArray();
                w.WriteEndArray();
                w.WriteStartArray("Metrics");
                w.WriteStartObject();
                w.WriteString("Name", "Alert");
                w.WriteString("Unit", "Count");
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("Name", "ChangePct");
                w.WriteString("Unit", "Percent");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteString("job", job);
                w.WriteString("target", alert.Function);
                w.WriteString("metric", alert.Metric);
                w.WriteNumber("Alert", 1);
                w.WriteNumber("ChangePct", Finite(alert.ChangePct));
                w.WriteNumber("previous", Finite(alert.Previous));
                w.WriteNumber("current", Finite(alert.Current));
                w.WriteNumber("thresholdPct", Finite(alert.ThresholdPct));
                w.WriteString("runId", runId);
                w.WriteString("message", alert.Message);
                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        output.Flush();
    }

    // EMF values must be numbers; JSON has no NaN or infinity.
    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
