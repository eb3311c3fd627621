using Tuner.LocalLambda.Cgroups;

namespace Tuner.LocalLambda.Tests.Cgroups;

public sealed class CgroupLimitsTests
{
    [Theory]
    [InlineData(1769, 8, 100_000)]
    [InlineData(128, 8, 7_236)]
    [InlineData(256, 8, 14_471)]
    [InlineData(3538, 8, 200_000)]
    [InlineData(10240, 8, 578_858)]
    [InlineData(10240, 16, 578_858)]
    [InlineData(10240, 2, 200_000)]
    [InlineData(3538, 1, 100_000)]
    public void ForMemory_QuotaIsMemoryOver1769CappedAtMinOf6AndCores(int memoryMb, int cores, long expectedQuota)
    {
        var limits = CgroupLimits.ForMemory(memoryMb, cores);

        Assert.Equal(expectedQuota, limits.CpuQuotaMicros);
        Assert.Equal(100_000, limits.CpuPeriodMicros);
        Assert.Equal(memoryMb * 1024L * 1024L, limits.MemoryBytes);
    }

    [Fact]
    public void ForMemory_TenGigabytesOnBigHost_CappedAtSixVcpus()
    {
        var limits = CgroupLimits.ForMemory(10240, 64);

        Assert.Equal(5.79, limits.Vcpus, 2);
        Assert.Equal(5789, limits.MilliCores);
    }
}
