using System.Globalization;
using System.Text;

namespace Tuner.LocalLambda.Execution;

/// <summary>The platform lines of an invocation's log, in Lambda's text format.</summary>
internal static class ReportLine
{
    public static string Start(string requestId, string version) => $"START RequestId: {requestId} Version: {version}\n";

    public static string End(string requestId) => $"END RequestId: {requestId}\n";

    /// <summary>
    /// <c>REPORT RequestId: …	Duration: x.xx ms	Billed Duration: n ms	Memory Size: m MB	Max Memory Used: u MB	[Init Duration: y.yy ms	]</c>;
    /// billed = duration rounded up to the ms, plus the rounded-up INIT on a cold start (managed runtimes since 2025-08).
    /// </summary>
    public static string Report(string requestId, int memoryMb, InvocationOutcome outcome)
    {
        var billed = BilledMs(outcome.DurationMs, outcome.InitDurationMs);
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {requestId}\t")
            .Append(CultureInfo.InvariantCulture, $"Duration: {outcome.DurationMs:F2} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Billed Duration: {billed} ms\t")
            .Append(CultureInfo.InvariantCulture, $"Memory Size: {memoryMb} MB\t")
            .Append(CultureInfo.InvariantCulture, $"Max Memory Used: {outcome.MaxMemoryUsedMb} MB\t");
        if (outcome.InitDurationMs is { } init)
        {
            line.Append(CultureInfo.InvariantCulture, $"Init Duration: {init:F2} ms\t");
        }

        if (outcome.Status == InvocationStatus.Timeout)
        {
            line.Append("Status: timeout\t");
        }
        else if (outcome.Status is InvocationStatus.RuntimeExit or InvocationStatus.InitError)
        {
            line.Append(CultureInfo.InvariantCulture, $"Status: error\tError Type: {outcome.ErrorType}\t");
        }

        return line.Append('\n').ToString();
    }

    public static long BilledMs(double durationMs, double? initMs) =>
        (long)Math.Ceiling(Math.Max(durationMs, 1)) + (initMs is { } init ? (long)Math.Ceiling(init) : 0);

    /// <summary>The last 4 KB of the log, base64 (X-Amz-Log-Result).</summary>
    public static string Tail(string log)
    {
        var bytes = Encoding.UTF8.GetBytes(log);
        var start = Math.Max(0, bytes.Length - 4096);
        return Convert.ToBase64String(bytes, start, bytes.Length - start);
    }
}
