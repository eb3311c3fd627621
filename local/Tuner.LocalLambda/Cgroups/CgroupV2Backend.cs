using System.Globalization;

namespace Tuner.LocalLambda.Cgroups;

/// <summary>cgroup v2 (unified): <c>cpu.max</c>, <c>memory.max</c>, <c>memory.swap.max</c>, <c>memory.peak</c>.</summary>
internal sealed class CgroupV2Backend : ICgroupBackend
{
    private readonly string _parent;

    public CgroupV2Backend(string root, string parentName)
    {
        // Controllers must be enabled top-down; the parent holds no process, so its children can use them.
        CgroupFiles.Write(Path.Combine(root, "cgroup.subtree_control"), "+cpu +memory");
        _parent = Path.Combine(root, parentName);
        Directory.CreateDirectory(_parent);
        CgroupFiles.Write(Path.Combine(_parent, "cgroup.subtree_control"), "+cpu +memory");

        // Highest weight against the rest of the host (see CgroupV1Backend): quotas, not contention, set the speed.
        CgroupFiles.TryWrite(Path.Combine(_parent, "cpu.weight"), "10000");
    }

    public string Description => $"cgroup v2 ({_parent})";

    public IEnvironmentCgroup Create(string environmentId, CgroupLimits limits)
    {
        var path = Path.Combine(_parent, environmentId);
        Directory.CreateDirectory(path);
        var group = new Group(path);
        try
        {
            CgroupFiles.Write(Path.Combine(path, "cpu.max"), string.Create(CultureInfo.InvariantCulture, $"{limits.CpuQuotaMicros} {limits.CpuPeriodMicros}"));
            CgroupFiles.Write(Path.Combine(path, "memory.max"), limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
            var swap = Path.Combine(path, "memory.swap.max");
            if (File.Exists(swap))
            {
                CgroupFiles.Write(swap, "0");
            }

            return group;
        }
        catch
        {
            group.Remove();
            throw;
        }
    }

    public void RemoveParent() => CgroupFiles.TryRemoveDirectory(_parent);

    private sealed class Group(string path) : IEnvironmentCgroup
    {
        public IReadOnlyList<string> ProcsFiles { get; } = [Path.Combine(path, "cgroup.procs")];

        public long? PeakMemoryBytes() =>
            CgroupFiles.ReadLong(Path.Combine(path, "memory.peak")) ?? CgroupFiles.ReadLong(Path.Combine(path, "memory.current"));

        public bool OomKilled() => CgroupFiles.ReadKey(Path.Combine(path, "memory.events"), "oom_kill") > 0;

        public void KillAll()
        {
            var kill = Path.Combine(path, "cgroup.kill");
            if (File.Exists(kill))
            {
                CgroupFiles.Write(kill, "1");
            }

            CgroupFiles.KillPids(ProcsFiles[0]);
        }

        public void Remove()
        {
            KillAll();
            CgroupFiles.RemoveDirectory(path);
        }
    }
}
