namespace Tuner.LocalLambda.Functions;

/// <summary>The UpdateFunctionConfiguration fields the local service honours; null leaves a field unchanged.</summary>
internal sealed record ConfigurationUpdate(int? MemoryMb, int? TimeoutSeconds, IReadOnlyDictionary<string, string>? Environment, string? Description);
