namespace Tuner.LocalLambda;

/// <summary>
/// One local function: a .NET handler (<c>path/to/Assembly.dll::Namespace.Type::Method</c>) or a custom runtime
/// <c>bootstrap</c> executable, with Lambda's configuration. <see cref="System"/> marks Tuner's own orchestration
/// functions: they run without cgroup limits and outside CPU admission control, so an Executor waiting on a target
/// never holds the CPU the target needs.
/// </summary>
public sealed record LocalFunctionDefinition
{
    public required string Name { get; init; }

    /// <summary>Handler string; relative assembly paths resolve against the registry file's folder.</summary>
    public string? Handler { get; init; }

    /// <summary>A custom runtime executable speaking the Runtime API (used when <see cref="Handler"/> is null).</summary>
    public string? Bootstrap { get; init; }

    public int MemoryMb { get; init; } = 128;

    public int TimeoutSeconds { get; init; } = 3;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public bool System { get; init; }

    /// <summary>Reserved concurrency: invokes beyond it get TooManyRequestsException (429). Null = unreserved.</summary>
    public int? ReservedConcurrency { get; init; }

    public string? Description { get; init; }
}
