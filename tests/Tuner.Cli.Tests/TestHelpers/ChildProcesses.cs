namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>The processes this test process has started and that still run (Linux: /proc/self/task/*/children).</summary>
internal static class ChildProcesses
{
    public static IReadOnlySet<int> Now()
    {
        var children = new HashSet<int>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var file = System.IO.Path.Combine(task, "children");
            if (File.Exists(file))
            {
                foreach (var pid in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    children.Add(int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return children;
    }
}
