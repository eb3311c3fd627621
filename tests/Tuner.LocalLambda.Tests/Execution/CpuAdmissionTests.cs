using Microsoft.Extensions.Logging.Abstractions;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class CpuAdmissionTests
{
    [Fact]
    public async Task AcquireAsync_QuotasWithinCores_AdmittedAtOnce()
    {
        var admission = new CpuAdmission(2, NullLogger.Instance);

        using var a = await admission.AcquireAsync(1000, "a", CancellationToken.None);
        using var b = await admission.AcquireAsync(1000, "b", CancellationToken.None);

        Assert.Equal(2000, admission.InUse);
    }

    [Fact]
    public async Task AcquireAsync_BeyondCores_QueuesUntilReleaseInFifoOrder()
    {
        var admission = new CpuAdmission(2, NullLogger.Instance);
        var first = await admission.AcquireAsync(1500, "first", CancellationToken.None);

        var big = admission.AcquireAsync(1000, "big", CancellationToken.None);
        var small = admission.AcquireAsync(100, "small", CancellationToken.None);
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted, "a small request must not overtake a queued one (no starvation)");
        first.Dispose();
        using var bigLease = await big;
        using var smallLease = await small;

        Assert.Equal(1100, admission.InUse);
    }

    [Fact]
    public async Task AcquireAsync_MustWait_LogsThatItQueues()
    {
        var logger = new ListLogger();
        var admission = new CpuAdmission(1, logger);
        using var held = await admission.AcquireAsync(800, "held", CancellationToken.None);

        var waiting = admission.AcquireAsync(500, "orders:3 request r-1", CancellationToken.None);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("queued orders:3 request r-1", line, StringComparison.Ordinal);
        Assert.Contains("800/1000 in use", line, StringComparison.Ordinal);
        held.Dispose();
        using var lease = await waiting;
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_LeavesQueue()
    {
        var admission = new CpuAdmission(1, NullLogger.Instance);
        var held = await admission.AcquireAsync(1000, "held", CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = admission.AcquireAsync(500, "waiting", cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        Assert.Equal(0, admission.InUse);
    }
}
