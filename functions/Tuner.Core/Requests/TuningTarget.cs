using System.Text.Json;

namespace Tuner.Core.Requests;

/// <summary>
/// One function to tune (<c>targets[i]</c>) and the dimensions of its matrix. <see cref="Env"/> holds other
/// environment-variable knobs (NAME → values). <see cref="Architecture"/> only selects prices; <c>null</c>
/// means the function's own architecture. <see cref="MonthlyInvocations"/> turns savings into USD per month.
/// </summary>
public sealed record TuningTarget(
    string Function,
    JsonElement? Payload,
    IReadOnlyList<WeightedPayload>? Payloads,
    IReadOnlyList<int> MemoryMb,
    DynamoDbBatch? DynamoDbBatch,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Env,
    int Invocations,
    int Concurrency,
    string? Architecture,
    long? MonthlyInvocations)
{
    /// <summary>The memory tiers measured when a target gives none.</summary>
    public static IReadOnlyList<int> DefaultMemoryMb { get; } = [128, 256, 512, 1024, 1769, 3008];

    public const int DefaultInvocations = 50;
    public const int DefaultConcurrency = 5;

    /// <summary>A target with the defaults for everything but the function name.</summary>
    public static TuningTarget ForFunction(string function) => new(
        function,
        Payload: null,
        Payloads: null,
        DefaultMemoryMb,
        DynamoDbBatch: null,
        new Dictionary<string, IReadOnlyList<string>>(),
        DefaultInvocations,
        DefaultConcurrency,
        Architecture: null,
        MonthlyInvocations: null);
}
