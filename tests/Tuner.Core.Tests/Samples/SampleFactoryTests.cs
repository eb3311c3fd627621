using System.Text;
using Tuner.Core.Ports;
using Tuner.Core.Samples;

namespace Tuner.Core.Tests.Samples;

public sealed class SampleFactoryTests
{
    private const string Report = "REPORT RequestId: r\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms";

    [Fact]
    public void FromInvocation_SuccessWithMetrics_BuildsAColdSample()
    {
        var payload = Encoding.UTF8.GetBytes("""{"ok":true,"tunerMetrics":{"items":50,"consumedWriteUnits":50,"retries":1,"throttles":0}}""");
        var invocation = new InvocationResult(200, payload, null, Report, "7", LimitsEnforced: false);

        var result = SampleFactory.FromInvocation("t0-m512", 3, invocation);

        Assert.Null(result.Problem);
        Assert.Equal(
            new Sample { CellId = "t0-m512", Index = 3, ColdStart = true, DurationMs = 395.99, BilledDurationMs = 662, InitDurationMs = 265.72, MemorySizeMb = 512, MaxMemoryUsedMb = 301, Items = 50, ConsumedWriteUnits = 50, Retries = 1, Throttles = 0, LimitsEnforced = false },
            result.Sample);
    }

    [Fact]
    public void FromInvocation_FunctionError_TakesTypeAndMessageFromThePayload()
    {
        var payload = Encoding.UTF8.GetBytes("""{"errorType":"Runtime.OutOfMemory","errorMessage":"Runtime exited with error: signal: killed"}""");
        var invocation = new InvocationResult(200, payload, "Unhandled", Report.Replace("\tInit Duration: 265.72 ms", "", StringComparison.Ordinal), "7");

        var sample = SampleFactory.FromInvocation("c", 0, invocation).Sample!;

        Assert.Equal("Runtime.OutOfMemory", sample.ErrorType);
        Assert.Equal("Runtime exited with error: signal: killed", sample.ErrorMessage);
        Assert.False(sample.ColdStart);
        Assert.True(sample.IsError);
    }

    [Fact]
    public void FromInvocation_TimeoutWithoutErrorPayload_IsSandboxTimedout()
    {
        var invocation = new InvocationResult(200, Encoding.UTF8.GetBytes("not json"), "Unhandled", "REPORT RequestId: r\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout", "7");

        var sample = SampleFactory.FromInvocation("c", 0, invocation).Sample!;

        Assert.Equal("Sandbox.Timedout", sample.ErrorType);
    }

    [Fact]
    public void FromInvocation_NoReport_IsAProblemNotASample()
    {
        var invocation = new InvocationResult(200, [], null, "START RequestId: r\n", "7");

        var result = SampleFactory.FromInvocation("c", 0, invocation);

        Assert.Null(result.Sample);
        Assert.Equal("no REPORT line in the log tail", result.Problem);
    }

    [Fact]
    public void FromPayload_MetricsOfWrongType_AreLeftNull()
    {
        var metrics = WorkloadMetricsReader.FromPayload("""{"tunerMetrics":{"items":"many","consumedWriteUnits":2.5}}"""u8);

        Assert.Equal(new WorkloadMetrics(null, 2.5, null, null), metrics);
        Assert.Null(WorkloadMetricsReader.FromPayload("""{"other":1}"""u8));
        Assert.Null(WorkloadMetricsReader.FromPayload("tunerMetrics but not json"u8));
    }
}
