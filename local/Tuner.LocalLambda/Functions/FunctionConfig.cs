namespace Tuner.LocalLambda.Functions;

/// <summary>
/// One immutable configuration of a function: <c>$LATEST</c> at some revision, or a published version (frozen).
/// Execution environments are keyed by <see cref="EnvironmentKey"/>, so a new version or configuration gets new ones.
/// </summary>
internal sealed record FunctionConfig
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public string? Handler { get; init; }

    public string? Bootstrap { get; init; }

    public required int MemoryMb { get; init; }

    public required int TimeoutSeconds { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public string Description { get; init; } = string.Empty;

    public bool System { get; init; }

    public required string RevisionId { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public required string CodeSha256 { get; init; }

    public string EnvironmentKey => $"{Name}:{Version}:{RevisionId}";

    public string Runtime => Handler is null ? "provided.al2023" : "dotnet10";

    /// <summary>The code file: the bootstrap, else the handler's assembly (<c>Assembly::Type::Method</c>).</summary>
    public string? CodePath => CodePathOf(Handler, Bootstrap);

    public static string? CodePathOf(string? handler, string? bootstrap) => bootstrap ?? handler?.Split("::")[0];

    /// <summary>True when code and configuration equal another's (PublishVersion then returns the existing version).</summary>
    public bool SameContentAs(FunctionConfig other) =>
        Handler == other.Handler
        && Bootstrap == other.Bootstrap
        && MemoryMb == other.MemoryMb
        && TimeoutSeconds == other.TimeoutSeconds
        && CodeSha256 == other.CodeSha256
        && Environment.Count == other.Environment.Count
        && Environment.All(kv => other.Environment.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
