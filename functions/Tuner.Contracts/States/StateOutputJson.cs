using System.Text.Json.Serialization;

namespace Tuner.Contracts.States;

/// <summary>The state outputs' JSON (camelCase, as the functions write it), source-generated: the CLI reads the local
/// execution's state outputs with it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlannerStateOutput))]
[JsonSerializable(typeof(NarrowerStateOutput))]
[JsonSerializable(typeof(ExecutorStateOutput))]
public sealed partial class StateOutputJson : JsonSerializerContext;
