namespace Tuner.Contracts;

/// <summary>
/// One of Tuner's own functions as both the CDK stack and the local cloud deploy it: its handler in its assembly and its
/// memory. Its timeout is read from the ASL, where the function serves a Task state (<see cref="TimeoutSeconds"/>).
/// </summary>
/// <param name="Name">The ASL state the function serves (the handler class's name), or the function's role.</param>
/// <param name="Assembly">The assembly holding the handler.</param>
/// <param name="MemoryMb">Its memory, on AWS and locally.</param>
public sealed record OwnFunction(string Name, string Assembly, int MemoryMb)
{
    /// <summary>Lambda's longest timeout: a function whose Task sets none gets it.</summary>
    public const int MaxTimeoutSeconds = 900;

    /// <summary>The handler string, <c>Assembly::Assembly.Name::Handle</c>.</summary>
    public string Handler => HandlerIn(Assembly);

    /// <summary>The ASL placeholder of its Task's <c>Resource</c> (<c>${PlannerFunctionArn}</c>).</summary>
    public string ArnPlaceholder => Name + "FunctionArn";

    /// <summary>The handler string with the assembly given by its file (the local Lambda service loads it from there).</summary>
    public string HandlerIn(string assemblyPath) => $"{assemblyPath}::{Assembly}.{Name}::Handle";

    /// <summary>Its name in the local Lambda service.</summary>
    public string LocalName => "tuner-" + Name.ToLowerInvariant();

    /// <summary>Its Task's <c>TimeoutSeconds</c> in the ASL (<paramref name="aslTaskTimeout"/> of <see cref="ArnPlaceholder"/>),
    /// at most Lambda's maximum, which is also what a function gets when its Task sets none.</summary>
    public int TimeoutSeconds(Func<string, int?> aslTaskTimeout)
    {
        ArgumentNullException.ThrowIfNull(aslTaskTimeout);
        return Math.Min(MaxTimeoutSeconds, aslTaskTimeout(ArnPlaceholder) ?? MaxTimeoutSeconds);
    }
}
