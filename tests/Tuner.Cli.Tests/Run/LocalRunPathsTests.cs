using Tuner.Cli.Run;
using Tuner.Tests.TestSupport;

namespace Tuner.Cli.Tests.Run;

public sealed class LocalRunPathsTests
{
    [Fact]
    public void FromEnvironment_TheRepositorysEngines_PointAtItsStateMachineAndTunerHomesKey()
    {
        var engines = RepoFiles.Path("local", "engine");
        var home = Path.Combine(Path.GetTempPath(), "tuner-home-paths");
        var environment = new Dictionary<string, string?> { ["TUNER_ENGINE_DIR"] = engines, ["TUNER_HOME"] = home };

        var paths = LocalRunPaths.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Equal(RepoFiles.Path("statemachine", "tuner.asl.json"), paths.DefinitionPath);
        Assert.True(File.Exists(paths.DefinitionPath));
        Assert.StartsWith(home, paths.SigningKeyPath, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Tuner.Functions.dll"), paths.FunctionsAssemblyPath);
        Assert.Equal(engines, paths.EngineDirectory);
    }

    [Fact]
    public void Options_CarryThePathsTheRegistryAndTheLimits()
    {
        var paths = new LocalRunPaths("/d/tuner.asl.json", "/f/Tuner.Functions.dll", "/k/key.pem", null);

        var options = paths.Options("/r/tuner.local.json", enforceLimits: false, TextWriter.Null);

        Assert.Equal("/d/tuner.asl.json", options.DefinitionPath);
        Assert.Equal("/f/Tuner.Functions.dll", options.FunctionsAssemblyPath);
        Assert.Equal("/k/key.pem", options.SigningKeyPath);
        Assert.Equal("/r/tuner.local.json", options.RegistryPath);
        Assert.False(options.EnforceLimits);
    }
}
