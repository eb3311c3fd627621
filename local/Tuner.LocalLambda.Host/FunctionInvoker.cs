using System.Reflection;

namespace Tuner.LocalLambda.Host;

/// <summary>
/// The loaded handler: an instance (or static) method taking a <see cref="Stream"/> and returning
/// <see cref="Stream"/> or <see cref="Task{Stream}"/>. The instance is built once, during init, as the managed runtime does.
/// </summary>
internal sealed class FunctionInvoker
{
    private readonly MethodInfo _method;
    private readonly object? _target;
    private readonly bool _isAsync;

    private FunctionInvoker(MethodInfo method, object? target, bool isAsync)
    {
        _method = method;
        _target = target;
        _isAsync = isAsync;
    }

    public static FunctionInvoker Load(HandlerString handler, string taskRoot)
    {
        var assemblyPath = Path.IsPathRooted(handler.Assembly) ? handler.Assembly : Path.Combine(taskRoot, handler.Assembly);
        if (!assemblyPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            assemblyPath += ".dll";
        }

        if (!File.Exists(assemblyPath))
        {
            throw new HandlerLoadException("Runtime.InvalidHandler", $"Could not find the specified handler assembly with the file name '{assemblyPath}'.");
        }

        var context = new HandlerLoadContext(assemblyPath);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(assemblyPath);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
        {
            throw new HandlerLoadException("Runtime.InvalidHandler", $"Could not load the handler assembly '{assemblyPath}': {ex.Message}", ex);
        }

        var type = assembly.GetType(handler.TypeName, throwOnError: false)
            ?? throw new HandlerLoadException("Runtime.InvalidHandler", $"Unable to find type '{handler.TypeName}' in assembly '{assembly.GetName().Name}'.");

        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == handler.MethodName)
            .FirstOrDefault(IsSupported)
            ?? throw new HandlerLoadException(
                "Runtime.InvalidHandler",
                $"Unable to find method '{handler.MethodName}' in type '{handler.TypeName}' taking a Stream and returning Stream or Task<Stream>.");

        object? target = null;
        if (!method.IsStatic)
        {
            try
            {
                target = Activator.CreateInstance(type);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new HandlerLoadException(
                    "Runtime.HandlerConstructorError",
                    $"Unable to construct '{handler.TypeName}': {ex.InnerException.GetType().Name}: {ex.InnerException.Message}",
                    ex.InnerException);
            }
            catch (MissingMethodException ex)
            {
                throw new HandlerLoadException("Runtime.InvalidHandler", $"Type '{handler.TypeName}' has no public parameterless constructor.", ex);
            }
        }

        return new FunctionInvoker(method, target, method.ReturnType == typeof(Task<Stream>));
    }

    public async Task<Stream?> InvokeAsync(Stream input)
    {
        object? result;
        try
        {
            result = _method.Invoke(_target, [input]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        return _isAsync ? await ((Task<Stream>)result!).ConfigureAwait(false) : (Stream?)result;
    }

    private static bool IsSupported(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return parameters.Length == 1
            && parameters[0].ParameterType == typeof(Stream)
            && (method.ReturnType == typeof(Stream) || method.ReturnType == typeof(Task<Stream>));
    }
}
