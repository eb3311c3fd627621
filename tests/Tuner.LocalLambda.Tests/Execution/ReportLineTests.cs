using System.Text;
using Tuner.LocalLambda.Execution;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class ReportLineTests
{
    private static InvocationOutcome Outcome(double duration, double? init, InvocationStatus status = InvocationStatus.Success, string? errorType = null) => new()
    {
        Status = status,
        Payload = [],
        ErrorType = errorType,
        FunctionLog = string.Empty,
        DurationMs = duration,
        InitDurationMs = init,
        MaxMemoryUsedMb = 301,
        EnvironmentDied = false,
    };

    [Fact]
    public void Report_ColdStart_LambdaFormatWithInitBilled()
    {
        var line = ReportLine.Report("abc", 512, Outcome(395.99, 265.72));

        Assert.Equal(
            "REPORT RequestId: abc\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t\n",
            line);
    }

    [Fact]
    public void Report_Warm_NoInitDurationAndDurationRoundedUp()
    {
        var line = ReportLine.Report("abc", 128, Outcome(10.01, null));

        Assert.Equal("REPORT RequestId: abc\tDuration: 10.01 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 301 MB\t\n", line);
    }

    [Fact]
    public void Report_Timeout_StatusField()
    {
        var line = ReportLine.Report("abc", 128, Outcome(3000, null, InvocationStatus.Timeout, "Sandbox.Timedout"));

        Assert.EndsWith("Billed Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 301 MB\tStatus: timeout\t\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RuntimeExit_StatusAndErrorType()
    {
        var line = ReportLine.Report("abc", 256, Outcome(12, null, InvocationStatus.RuntimeExit, "Runtime.OutOfMemory"));

        Assert.EndsWith("Status: error\tError Type: Runtime.OutOfMemory\t\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_LongLog_LastFourKilobytesBase64()
    {
        var log = new string('a', 5000) + "REPORT end";

        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(ReportLine.Tail(log)));

        Assert.Equal(4096, tail.Length);
        Assert.EndsWith("REPORT end", tail, StringComparison.Ordinal);
    }
}
