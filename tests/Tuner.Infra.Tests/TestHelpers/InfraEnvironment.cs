namespace Tuner.Infra.Tests.TestHelpers;

/// <summary>Process-wide setup every CDK test needs before jsii starts: the repository root (found by walking
/// up to cdk.json) and jsii's temp and package-cache folders inside the ignored <c>.tmp/</c>.</summary>
public static class InfraEnvironment
{
    private static readonly Lazy<string> _root = new(Initialize);

    /// <summary>The repository root; the first call also points jsii at project-local folders.</summary>
    public static string RepositoryRoot => _root.Value;

    private static string Initialize()
    {
        var root = Tuner.Infra.Settings.RepositoryRoot.Find(AppContext.BaseDirectory);
        // jsii unpacks ~66 MB into TMPDIR per process and never deletes it; one folder per test run, removed by
        // CdkCollectionFixture.Dispose. The package cache is shared and reused.
        var temp = Path.Combine(root, ".tmp", "jsii", "tests-" + Environment.ProcessId);
        Directory.CreateDirectory(temp);
        Environment.SetEnvironmentVariable("TMPDIR", temp);
        Environment.SetEnvironmentVariable("JSII_RUNTIME_PACKAGE_CACHE_ROOT", Path.Combine(root, ".tmp", "jsii-cache"));
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        TempFolder = temp;
        return root;
    }

    /// <summary>This process's jsii temp folder (null until <see cref="RepositoryRoot"/> was read).</summary>
    public static string? TempFolder { get; private set; }
}
