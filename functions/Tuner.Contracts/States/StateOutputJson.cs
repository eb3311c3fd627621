using System.Text.Json.Serialization;

namespace Tuner.Contracts.States;

/// <summary>The state outputs' JSON (camelCase, as the functions write it), source-generated: the CLI reads the
/// execution's state outputs with it (local events and AWS execution history), the Reducer's output is the execution's
/// output, and the signed cleanup check and <c>tuner fetch</c> read the Cleaner's output, <c>cleanup.json</c>, with
/// it. The generator builds a record with <c>init</c> properties in one object initializer that sets every one of them,
/// a property missing from the JSON as null, which would replace the property's initializer; so the records' strings
/// and lists that have a default (<c>""</c>, <c>[]</c>) store it in their <c>init</c> accessor when given null: a missing
/// property reads as its default, as with reflection, and so does a null (StateOutputJsonTests).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlannerOutput))]
[JsonSerializable(typeof(NarrowerOutput))]
[JsonSerializable(typeof(ExecutorOutput))]
[JsonSerializable(typeof(ReducerOutput))]
[JsonSerializable(typeof(CleanerOutput))]
public sealed partial class StateOutputJson : JsonSerializerContext;
