using System.Reflection;
using System.Runtime.Loader;

namespace Tuner.LocalLambda.Host;

/// <summary>
/// Loads the handler's assembly and its dependencies from the handler's folder (its <c>.deps.json</c> when present,
/// else by file name), falling back to the shared framework — the isolation the managed runtime gives a function.
/// </summary>
internal sealed class HandlerLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _directory;

    public HandlerLoadContext(string mainAssemblyPath)
        : base("handler", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Framework assemblies come from the default context, so types such as Stream are shared with the host.
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName())))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null && assemblyName.Name is { } name)
        {
            var local = Path.Combine(_directory, name + ".dll");
            path = File.Exists(local) ? local : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
