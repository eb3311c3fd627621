using Tuner.Tests.TestSupport;

namespace Tuner.Contracts.Tests.TestHelpers;

/// <summary>
/// The repository's non-test source files on disk, by a plain directory walk (no git process): what issue 15's
/// <c>git grep</c> rules look at. Build output, installed packages, CDK output and test folders are not sources.
/// </summary>
internal static class SourceTree
{
    private static readonly HashSet<string> NotSourceFolders =
        new(["bin", "obj", "node_modules", "cdk.out", "artifacts", "TestResults", "tuner-reports", "tests"], StringComparer.Ordinal);

    /// <summary>The files under <paramref name="topFolders"/> whose names end with one of <paramref name="endings"/>, as <c>/</c>-separated paths from the root.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> topFolders, params string[] endings)
    {
        var files = new List<string>();
        foreach (var folder in topFolders)
        {
            Walk(new DirectoryInfo(RepoFiles.Path(folder)), endings, files);
        }

        return files;
    }

    public static string Relative(string path) => Path.GetRelativePath(RepoFiles.Root, path).Replace('\\', '/');

    private static void Walk(DirectoryInfo directory, string[] endings, List<string> files)
    {
        foreach (var file in directory.EnumerateFiles())
        {
            if (endings.Any(ending => file.Name.EndsWith(ending, StringComparison.Ordinal)))
            {
                files.Add(Relative(file.FullName));
            }
        }

        foreach (var child in directory.EnumerateDirectories())
        {
            if (!child.Name.StartsWith('.') && !NotSourceFolders.Contains(child.Name))
            {
                Walk(child, endings, files);
            }
        }
    }
}
