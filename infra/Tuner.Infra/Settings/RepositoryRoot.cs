namespace Tuner.Infra.Settings;

/// <summary>Finds the repository root: the nearest folder above a start folder that holds <c>cdk.json</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>Walks up from <paramref name="start"/> (a folder) until a folder contains <c>cdk.json</c>.</summary>
    /// <exception cref="InvalidOperationException">No folder above <paramref name="start"/> holds <c>cdk.json</c>.</exception>
    public static string Find(string start)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(start));
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException($"No cdk.json found in '{start}' or any folder above it: run from inside the Tuner repository.");
    }
}
