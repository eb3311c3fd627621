using System.Globalization;

namespace Tuner.LocalLambda.Cgroups;

/// <summary>Small helpers over cgroup filesystem files.</summary>
internal static class CgroupFiles
{
    public static void Write(string path, string value) => File.WriteAllText(path, value);

    /// <summary>Writes a tuning knob that not every kernel offers; absence is fine.</summary>
    public static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static long? ReadLong(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Reads a <c>key value</c> line from a flat-keyed file (memory.events, memory.oom_control).</summary>
    public static long? ReadKey(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }

    public static IReadOnlyList<int> Pids(string procsFile)
    {
        try
        {
            return File.ReadAllLines(procsFile)
                .Select(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    public static void KillPids(string procsFile)
    {
        foreach (var pid in Pids(procsFile))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }
        }
    }

    /// <summary>rmdir once, ignoring failure (a parent another service instance in this process still uses stays).</summary>
    public static void TryRemoveDirectory(string path)
    {
        try
        {
            Directory.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>rmdir with retries: a cgroup with tasks still exiting refuses removal for a few milliseconds.</summary>
    public static void RemoveDirectory(string path)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(20);
            }
        }
    }
}
