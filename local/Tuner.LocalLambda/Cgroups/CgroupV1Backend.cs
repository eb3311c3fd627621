using System.Globalization;

namespace Tuner.LocalLambda.Cgroups;

/// <summary>cgroup v1: the <c>cpu</c> (CFS quota) and <c>memory</c> (limit, memsw limit, max_usage) controllers.</summary>
internal sealed class CgroupV1Backend : ICgroupBackend
{
    private readonly string _cpuParent;
    private readonly string _memoryParent;

    public CgroupV1Backend(string cpuRoot, string memoryRoot, string parentName)
    {
        _cpuParent = Path.Combine(cpuRoot, parentName);
        _memoryParent = Path.Combine(memoryRoot, parentName);
        Directory.CreateDirectory(_cpuParent);
        Directory.CreateDirectory(_memoryParent);

        // Highest weight against everything else on the host: an environment then gets its full quota even on a
        // busy machine, so the quota (not contention) sets its speed. The quota still caps it.
        CgroupFiles.TryWrite(Path.Combine(_cpuParent, "cpu.shares"), "262144");
    }

    public string Description => $"cgroup v1 ({_cpuParent}, {_memoryParent})";

    public IEnvironmentCgroup Create(string environmentId, CgroupLimits limits)
    {
        var cpu = Path.Combine(_cpuParent, environmentId);
        var memory = Path.Combine(_memoryParent, environmentId);
        Directory.CreateDirectory(cpu);
        Directory.CreateDirectory(memory);
        var group = new Group(cpu, memory);
        try
        {
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_period_us"), limits.CpuPeriodMicros.ToString(CultureInfo.InvariantCulture));
            CgroupFiles.Write(Path.Combine(cpu, "cpu.cfs_quota_us"), limits.CpuQuotaMicros.ToString(CultureInfo.InvariantCulture));
            var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
            CgroupFiles.Write(Path.Combine(memory, "memory.limit_in_bytes"), bytes);

            // With swap accounting, memory+swap gets the same limit so swapping can't hide an out-of-memory.
            var memsw = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(memsw))
            {
                CgroupFiles.Write(memsw, bytes);
            }

            return group;
        }
        catch
        {
            group.Remove();
            throw;
        }
    }

    public void RemoveParent()
    {
        CgroupFiles.TryRemoveDirectory(_cpuParent);
        CgroupFiles.TryRemoveDirectory(_memoryParent);
    }

    private sealed class Group(string cpu, string memory) : IEnvironmentCgroup
    {
        public IReadOnlyList<string> ProcsFiles { get; } = [Path.Combine(cpu, "cgroup.procs"), Path.Combine(memory, "cgroup.procs")];

        public long? PeakMemoryBytes() => CgroupFiles.ReadLong(Path.Combine(memory, "memory.max_usage_in_bytes"));

        public bool OomKilled()
        {
            // Kernels without an oom_kill counter: a hit of the memory limit counts as the kill.
            var kills = CgroupFiles.ReadKey(Path.Combine(memory, "memory.oom_control"), "oom_kill");
            return kills > 0 || kills is null && CgroupFiles.ReadLong(Path.Combine(memory, "memory.failcnt")) > 0;
        }

        public void KillAll()
        {
            CgroupFiles.KillPids(ProcsFiles[0]);
            CgroupFiles.KillPids(ProcsFiles[1]);
        }

        public void Remove()
        {
            KillAll();
            CgroupFiles.RemoveDirectory(cpu);
            CgroupFiles.RemoveDirectory(memory);
        }
    }
}
