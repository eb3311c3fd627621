namespace Tuner.Tests.TestSupport;

/// <summary>
/// The repository's own files (examples/, statemachine/, local/engine …), found by walking up from the test's
/// output folder to the one holding <c>Tuner.sln</c>. Compiled into each test project that reads them: the one
/// place the tests find the repository root.
/// </summary>
public static class RepoFiles
{
    /// <summary>The repository root (the folder holding <c>Tuner.sln</c> and <c>cdk.json</c>).</summary>
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    /// <summary>A path below the repository root.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds <c>Tuner.sln</c>.</summary>
    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tuner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tuner.sln not found above " + start);
    }
}
