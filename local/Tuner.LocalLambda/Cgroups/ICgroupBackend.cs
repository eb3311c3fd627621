namespace Tuner.LocalLambda.Cgroups;

/// <summary>Creates one cgroup per execution environment under a <c>tuner-&lt;pid&gt;</c> parent.</summary>
internal interface ICgroupBackend
{
    /// <summary>Human-readable description for logs ("cgroup v1 at /sys/fs/cgroup/{cpu,memory}").</summary>
    string Description { get; }

    IEnvironmentCgroup Create(string environmentId, CgroupLimits limits);

    /// <summary>Removes the parent cgroup (after every environment cgroup is gone).</summary>
    void RemoveParent();
}
