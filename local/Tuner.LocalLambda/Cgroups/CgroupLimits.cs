namespace Tuner.LocalLambda.Cgroups;

/// <summary>
/// Lambda's limits for a memory size: CPU time proportional to memory (1,769 MB = one vCPU per period), capped at
/// min(6, host cores), and a hard memory limit equal to the configured memory.
/// </summary>
internal sealed record CgroupLimits(long CpuQuotaMicros, long CpuPeriodMicros, long MemoryBytes)
{
    public const int MegabytesPerVcpu = 1769;
    /// <summary>
    /// CFS period. Short, so a short invocation is not stretched by where it falls in a period (with 100 ms, a 70 ms
    /// job at 0.58 vCPU waits a whole period); long enough that 128 MB still gets the kernel's 1 ms minimum quota.
    /// </summary>
    public const long PeriodMicros = 20_000;

    /// <summary>CPU share in thousandths of a core, for admission control.</summary>
    public int MilliCores => (int)Math.Ceiling(CpuQuotaMicros * 1000.0 / CpuPeriodMicros);

    public double Vcpus => (double)CpuQuotaMicros / CpuPeriodMicros;

    public static CgroupLimits ForMemory(int memoryMb, int hostCores)
    {
        var maxVcpus = Math.Min(6, Math.Max(1, hostCores));
        var quota = (long)Math.Round(PeriodMicros * (double)memoryMb / MegabytesPerVcpu);
        quota = Math.Clamp(quota, 1000, maxVcpus * PeriodMicros);
        return new CgroupLimits(quota, PeriodMicros, memoryMb * 1024L * 1024L);
    }
}
