using Tuner.Aws.Signing;
using Tuner.LocalCloud;
using Tuner.Contracts;

namespace Tuner.Cli.Run;

/// <summary>
/// Where a local run finds its parts: the state machine beside the engines' folder (<c>TUNER_ENGINE_DIR</c> or the
/// tool's own copy), Tuner's functions beside the CLI, the local signing key under <c>TUNER_HOME</c> (else the
/// user's profile).
/// </summary>
internal sealed record LocalRunPaths(string DefinitionPath, string FunctionsAssemblyPath, string SigningKeyPath, string? EngineDirectory)
{
    /// <summary>The paths from this process's environment.</summary>
    /// <exception cref="DirectoryNotFoundException">No engine folder was found.</exception>
    public static LocalRunPaths FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var engineDirectory = environment(TunerEnvironment.EngineDirectory);
        var definition = Path.Combine(Path.GetDirectoryName(NodeRuntime.FindEngineDirectory(engineDirectory))!, "..", "statemachine", "tuner.asl.json");
        var keyPath = LocalSigningKey.DefaultPath(environment(TunerEnvironment.Home), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return new LocalRunPaths(Path.GetFullPath(definition), Path.Combine(AppContext.BaseDirectory, "Tuner.Functions.dll"), keyPath, engineDirectory);
    }

    /// <summary>What the local cloud starts for a run of <paramref name="registryPath"/>'s targets.</summary>
    public LocalCloudOptions Options(string registryPath, bool enforceLimits, TextWriter log) => new()
    {
        DefinitionPath = DefinitionPath,
        FunctionsAssemblyPath = FunctionsAssemblyPath,
        SigningKeyPath = SigningKeyPath,
        RegistryPath = registryPath,
        EngineDirectory = EngineDirectory,
        EnforceLimits = enforceLimits,
        Log = log,
    };
}
