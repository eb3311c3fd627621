namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>The repository's own files (examples/…), found above the test's output folder.</summary>
internal static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tuner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tuner.sln not found above " + AppContext.BaseDirectory);
    }
}
