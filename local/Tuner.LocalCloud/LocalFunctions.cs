using System.Globalization;
using Tuner.Contracts;
using Tuner.LocalLambda;

namespace Tuner.LocalCloud;

/// <summary>The functions a local cloud registers: Tuner's own and the targets.</summary>
internal static class LocalFunctions
{
    /// <summary>
    /// Tuner's functions (<see cref="TunerFunctions.States"/>) from the functions assembly: the memory the stack gives
    /// them, the ASL Task's timeout, the bucket, local mode and signing key, the Executor's budget when the options set
    /// one, the component tag. System: no cgroup limits.
    /// </summary>
    public static IEnumerable<LocalFunctionDefinition> System(LocalCloudOptions options)
    {
        var assembly = Path.GetFullPath(options.FunctionsAssemblyPath);
        var timeouts = AslDefinition.TaskTimeouts(File.ReadAllText(options.DefinitionPath));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TunerEnvironment.Bucket] = options.Bucket,
            [TunerEnvironment.Mode] = "local",
            [TunerEnvironment.LocalKeyPath] = Path.GetFullPath(options.SigningKeyPath),
        };
        if (options.ExecutorBudget is { } budget)
        {
            environment[TunerEnvironment.ExecutorSeconds] = ((int)budget.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        foreach (var own in TunerFunctions.States)
        {
            var state = own.Name;
            yield return new LocalFunctionDefinition
            {
                Name = own.LocalName,
                Handler = own.HandlerIn(assembly),
                MemoryMb = own.MemoryMb,
                // The Task's TimeoutSeconds in the ASL, as on AWS (TunerStack); Lambda's maximum where the ASL sets none.
                TimeoutSeconds = own.TimeoutSeconds(placeholder => timeouts.TryGetValue(placeholder, out var seconds) ? seconds : null),
                Environment = environment,
                System = true,
                Description = $"Tuner {state} (local)",
                // As on AWS (TunerStack): the Planner refuses to tune a function with this tag.
                Tags = new Dictionary<string, string>(StringComparer.Ordinal) { [TunerFunctions.ComponentTagKey] = state },
            };
        }
    }

    /// <summary>The registry's targets and the options' own, handler assemblies resolved; none may take a name of Tuner's.</summary>
    public static List<LocalFunctionDefinition> Targets(LocalCloudOptions options)
    {
        var targets = new List<LocalFunctionDefinition>();
        if (options.RegistryPath is { } registry)
        {
            targets.AddRange(LocalRegistry.Load(registry));
        }

        targets.AddRange(options.Targets);
        var resolved = targets.Select(t => t.Handler is null ? t : t with { Handler = ResolveAssembly(t.Handler, options.AssemblySearchDirectories) }).ToList();
        var clash = resolved.Select(t => t.Name).FirstOrDefault(LocalCloudSession.SystemFunctions.Values.Contains);
        if (clash is not null)
        {
            throw new InvalidOperationException($"target '{clash}' uses the name of one of Tuner's own functions");
        }

        return resolved;
    }

    /// <summary>
    /// Handler assemblies given by bare name (<c>Tuner.Workload::…</c>) or missing at the registry's folder are looked
    /// up in <paramref name="searchDirectories"/> (the CLI's own folder holds the reference workload).
    /// </summary>
    public static string ResolveAssembly(string handler, IReadOnlyList<string> searchDirectories)
    {
        var separator = handler.IndexOf("::", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return handler;
        }

        var assembly = handler[..separator];
        if (File.Exists(assembly))
        {
            return handler;
        }

        if (File.Exists(assembly + ".dll"))
        {
            return assembly + ".dll" + handler[separator..];
        }

        var fileName = Path.GetFileName(assembly);
        fileName = fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? fileName : fileName + ".dll";
        foreach (var directory in searchDirectories)
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate + handler[separator..];
            }
        }

        throw new FileNotFoundException($"handler assembly '{assembly}' not found (looked beside the registry and in {string.Join(", ", searchDirectories)})", assembly);
    }
}
