using System.Reflection;
using System.Runtime.InteropServices;

namespace Tuner.Cli.Init;

/// <summary>
/// The Lambda handlers of an assembly, read with <see cref="MetadataLoadContext"/> (the user's code is inspected, never
/// loaded or run): public methods of public, concrete types that take one <see cref="Stream"/> and return a
/// <see cref="Stream"/> or <c>Task&lt;Stream&gt;</c> — what the local Lambda service's .NET host invokes — on a type it can
/// build (static method, or a public parameterless constructor). <see cref="ScanResult.UsesBatchWriter"/> says whether
/// the assembly references Tuner.BatchWriter (its TUNER_DDB_* knobs then apply).
/// </summary>
internal static class HandlerScanner
{
    /// <summary>One handler: <c>Namespace.Type</c> and the method.</summary>
    public sealed record Handler(string TypeName, string MethodName);

    /// <summary>The handlers found, and whether the assembly writes through Tuner.BatchWriter.</summary>
    public sealed record ScanResult(string AssemblyName, IReadOnlyList<Handler> Handlers, bool UsesBatchWriter);

    public static ScanResult Scan(string assemblyPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        var paths = Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Concat(Directory.EnumerateFiles(directory, "*.dll"))
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var handlers = new List<Handler>();
        foreach (var type in LoadableTypes(assembly).Where(t => t.IsPublic && t.IsClass && (!t.IsAbstract || t.IsSealed) && !t.IsGenericTypeDefinition).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var constructible = type.GetConstructor(Type.EmptyTypes) is not null;
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                if ((method.IsStatic || constructible) && IsHandler(method))
                {
                    handlers.Add(new Handler(type.FullName!, method.Name));
                }
            }
        }

        var usesBatchWriter = assembly.GetReferencedAssemblies().Any(a => a.Name == "Tuner.BatchWriter");
        return new ScanResult(assembly.GetName().Name!, handlers, usesBatchWriter);
    }

    private static bool IsHandler(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType.FullName != "System.IO.Stream" || method.IsGenericMethodDefinition)
        {
            return false;
        }

        var returns = method.ReturnType;
        return returns.FullName == "System.IO.Stream"
            || (returns.IsGenericType && returns.GetGenericTypeDefinition().FullName == "System.Threading.Tasks.Task`1" && returns.GetGenericArguments()[0].FullName == "System.IO.Stream");
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A type whose dependency is missing beside the assembly cannot be a handler the host could load either.
            return e.Types.OfType<Type>();
        }
    }
}
