using System.Text.Json;

namespace Tuner.Core.Requests;

/// <summary>
/// One function to tune (<c>targets[i]</c>) and the dimensions of its matrix. <see cref="Env"/> holds other
/// environment-variable knobs (NAME → values). <see cref="Architecture"/> only selects prices; <c>null</c>
/// means the function's own architecture. <see cref="MonthlyInvocations"/> turns savings into USD per month.
/// <see cref="Invocations"/> is the per-cell ceiling of warm samples in the narrowing stages;
/// <see cref="InvocationBudget"/> caps the target's measured invocations over every stage (default: see
/// <c>SamplingPolicy</c>); <see cref="ConfirmInvocations"/> is the samples per side of the confirmation;
/// <see cref="ColdStartShare"/> the production share of cold starts (default 1%).
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
    long? MonthlyInvocations,
    double? ColdStartShare = null,
    int? InvocationBudget = null,
    int? ConfirmInvocations = null,
    MeasureMode Measure = MeasureMode.Warm)
{
    /// <summary>
    /// The share of production invocations that are cold starts when the request gives none: "INITs (cold starts)
    /// typically occur in under 1% of invocations" (AWS Compute Blog, "AWS Lambda standardizes billing for INIT Phase",
    /// 2025-04-29, https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase, read 2026-12-01).
    /// </summary>
    public const double DefaultColdStartShare = 0.01;

    /// <summary>The production cold-start share cost and latency are priced at.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double EffectiveColdStartShare => ColdStartShare ?? DefaultColdStartShare;

    /// <summary>The memory tiers measured when a target gives none.</summary>
    public static IReadOnlyList<int> DefaultMemoryMb { get; } = [128, 256, 512, 1024, 1769, 3008];

    /// <summary>
    /// The per-cell ceiling when the request gives none. It is a ceiling, not what is spent: the staged sampling spends
    /// at most 40% of cells × ceiling (<c>SamplingPolicy</c>) and gives it to the cells still in contention. A cost tie
    /// at the margin's edge — a tier 1.4–1.7% above the cheapest against a 3% margin, as a CPU-bound function's tiers
    /// are — needs about 100–150 samples per contending cell to be told apart from 3% with 95% confidence at a warm
    /// duration noise of sd(log) 0.05; with 50 neither the staged nor the exhaustive strategy got more than 59–84% and
    /// 78–93% of those decisions right (decision simulation, <c>tests/Tuner.Benchmarks/Decisions/README.md</c>).
    /// </summary>
    public const int DefaultInvocations = 400;
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
