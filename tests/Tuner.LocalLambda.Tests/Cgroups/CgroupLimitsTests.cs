using Tuner.LocalLambda.Cgroups;

namespace Tuner.LocalLambda.Tests.Cgroups;

public sealed class CgroupLimitsTests
{
    [Theory]
    [InlineData(1769, 8, 20_000)]
    [InlineData(128, 8, 1_447)]
    [InlineData(256, 8, 2_894)]
    [InlineData(3538, 8, 40_000)]
    [InlineData(10240, 8, 115_772)]
    [InlineData(10240, 16, 115_772)]
    [InlineData(10240, 2, 40_000)]
    [InlineData(3538, 1, 20_000)]
    public void ForMemory_QuotaIsMemoryOver1769CappedAtMinOf6AndCores(int memoryMb, int cores, long expectedQuota)
    {
        var limits = CgroupLimits.ForMemory(memoryMb, cores);

        Assert.Equal(expectedQuota, limits.CpuQuotaMicros);
        Assert.Equal(20_000, limits.CpuPeriodMicros);
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
