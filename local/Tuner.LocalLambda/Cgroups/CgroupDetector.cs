using System.Globalization;

namespace Tuner.LocalLambda.Cgroups;

/// <summary>
/// Finds a usable cgroup hierarchy (v1 cpu+memory, else v2 at <c>/sys/fs/cgroup/unified</c> or <c>/sys/fs/cgroup</c>),
/// removes parents left by dead Tuner processes, and says why when none can be used.
/// </summary>
internal static class CgroupDetector
{
    private const string Root = "/sys/fs/cgroup";

    public static (ICgroupBackend? Backend, string Reason) Detect(bool enforce)
    {
        if (!enforce)
        {
            return (null, "limits disabled by configuration");
        }

        if (!OperatingSystem.IsLinux())
        {
            return (null, "cgroups need Linux");
        }

        var parentName = "tuner-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var errors = new List<string>();
        var cpu = Path.Combine(Root, "cpu");
        var memory = Path.Combine(Root, "memory");
        if (File.Exists(Path.Combine(cpu, "cpu.cfs_quota_us")) && File.Exists(Path.Combine(memory, "memory.limit_in_bytes")))
        {
            RemoveStale(cpu);
            RemoveStale(memory);
            try
            {
                return (new CgroupV1Backend(cpu, memory, parentName), "cgroup v1");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add("cgroup v1: " + ex.Message);
            }
        }

        foreach (var v2 in new[] { Path.Combine(Root, "unified"), Root })
        {
            var controllers = Path.Combine(v2, "cgroup.controllers");
            if (!File.Exists(controllers))
            {
                continue;
            }

            var available = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!available.Contains("cpu") || !available.Contains("memory"))
            {
                errors.Add($"cgroup v2 at {v2}: cpu and memory controllers not available");
                continue;
            }

            RemoveStale(v2);
            try
            {
                return (new CgroupV2Backend(v2, parentName), "cgroup v2");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"cgroup v2 at {v2}: {ex.Message}");
            }
        }

        return (null, errors.Count == 0 ? "no cgroup cpu/memory controllers found" : string.Join("; ", errors));
    }

    /// <summary>Removes <c>tuner-&lt;pid&gt;</c> parents whose process is gone (a crashed earlier run).</summary>
    private static void RemoveStale(string root)
    {
        try
        {
            foreach (var parent in Directory.EnumerateDirectories(root, "tuner-*"))
            {
                var suffix = Path.GetFileName(parent)["tuner-".Length..];
                if (!int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
                {
                    continue;
                }

                foreach (var child in Directory.EnumerateDirectories(parent))
                {
                    CgroupFiles.KillPids(Path.Combine(child, "cgroup.procs"));
                    CgroupFiles.RemoveDirectory(child);
                }

                CgroupFiles.RemoveDirectory(parent);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale folder we cannot remove does not stop this run.
        }
    }
}
