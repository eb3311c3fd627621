namespace Tuner.LocalLambda.Functions;

/// <summary>
/// The UpdateFunctionConfiguration fields the local service honours; null leaves a field unchanged.
/// <see cref="RevisionId"/> is the precondition: the update is refused when <c>$LATEST</c> has another revision.
/// </summary>
internal sealed record ConfigurationUpdate(int? MemoryMb, int? TimeoutSeconds, IReadOnlyDictionary<string, string>? Environment, string? Description, string? RevisionId = null);
