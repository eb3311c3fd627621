namespace Tuner.LocalLambda.Cgroups;

/// <summary>The cgroup(s) of one environment: where its process enrols, its peak memory, whether OOM killed it.</summary>
internal interface IEnvironmentCgroup
{
    /// <summary>The <c>cgroup.procs</c> files the child writes its own pid to before exec'ing the runtime.</summary>
    IReadOnlyList<string> ProcsFiles { get; }

    long? PeakMemoryBytes();

    bool OomKilled();

    /// <summary>SIGKILLs every process still in the cgroup.</summary>
    void KillAll();

    /// <summary>Removes the cgroup directories (retrying while the kernel reaps the killed tasks).</summary>
    void Remove();
}
