using System.Text.Json.Serialization;

namespace Tuner.Contracts.States;

/// <summary>The state outputs' JSON (camelCase, as the functions write it), source-generated: the CLI reads the
/// execution's state outputs with it (local events and AWS execution history), the Reducer's output is the execution's
/// output, and the signed cleanup check and <c>tuner fetch</c> read the Cleaner's output, <c>cleanup.json</c>, with
/// it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlannerOutput))]
[JsonSerializable(typeof(NarrowerOutput))]
[JsonSerializable(typeof(ExecutorOutput))]
[JsonSerializable(typeof(ReducerOutput))]
[JsonSerializable(typeof(CleanerOutput))]
public sealed partial class StateOutputJson : JsonSerializerContext;
