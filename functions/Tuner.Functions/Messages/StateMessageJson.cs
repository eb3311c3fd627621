using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tuner.Contracts.States;
using Tuner.Core.Serialization;

namespace Tuner.Functions.Messages;

/// <summary>
/// The handlers' inputs and outputs, source-generated: <see cref="HandlerJson"/> reads every state input and writes
/// every output with <see cref="Wire"/>'s metadata (<see cref="TypeInfo{T}"/>), and the Cleaner writes
/// <c>cleanup.json</c> with it (the same bytes as its output). It lives here because a context must see all its types
/// and the inputs are this project's; the outputs are Tuner.Contracts' (read by the CLI with
/// <see cref="StateOutputJson"/>). The options state
/// <see cref="TunerJson"/>'s shape (Web defaults: camelCase, case-insensitive names; nulls left out; strict numbers;
/// <see cref="TunerEnumConverter"/>); a test holds them to <see cref="TunerJson.Options"/>, and another holds the bytes
/// to what <see cref="TunerJson"/> writes.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(TunerEnumConverter)])]
[JsonSerializable(typeof(PlannerInput))]
[JsonSerializable(typeof(PlannerOutput))]
[JsonSerializable(typeof(NarrowerInput))]
[JsonSerializable(typeof(NarrowerOutput))]
[JsonSerializable(typeof(ExecutorInput))]
[JsonSerializable(typeof(ExecutorOutput))]
[JsonSerializable(typeof(ReducerInput))]
[JsonSerializable(typeof(ReducerOutput))]
[JsonSerializable(typeof(CleanerInput))]
[JsonSerializable(typeof(CleanerOutput))]
[JsonSerializable(typeof(JanitorOutput))]
internal sealed partial class StateMessageJson : JsonSerializerContext
{
    /// <summary>
    /// A copy of <see cref="TunerJson.Options"/> (the attribute cannot state its encoder, <c>UnsafeRelaxedJsonEscaping</c>;
    /// the copy carries every setting as TunerJson has it) whose only metadata is this context's, but for
    /// <see cref="ReadByReflection"/>. Options, not a context instance: a context's options cannot take a second
    /// resolver once it holds them. Built on first use, once the generated <see cref="Default"/> is.
    /// </summary>
    public static JsonSerializerOptions Wire => field ??= CreateWire();

    /// <summary>
    /// The records of a state input read and written with reflection metadata, for their errors: the generator builds a
    /// record with <c>init</c> properties in one object initializer, its values read as constructor arguments, so a bad
    /// value's error names the record (<c>could not be converted to Tuner.Contracts.States.MeasureUnit</c>) where
    /// reflection names the property's type (<c>System.Int32</c>), and HandlerJsonTests' Executor inputs fail without
    /// this. A property missing from the JSON reads as its default either way (the records' <c>init</c> accessors store
    /// it for a null, see <see cref="StateOutputJson"/>).
    /// </summary>
    internal static IReadOnlyList<Type> ReadByReflection { get; } = [typeof(MeasureUnit), typeof(UnitCell)];

    /// <summary>A handler message's metadata on <see cref="Wire"/>; a type outside the context throws <see cref="NotSupportedException"/>.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Wire.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateWire()
    {
        var options = new JsonSerializerOptions(TunerJson.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(new InitOnlyRecords(new DefaultJsonTypeInfoResolver()), Default),
        };
        options.MakeReadOnly();
        return options;
    }

    private sealed class InitOnlyRecords(DefaultJsonTypeInfoResolver reflection) : IJsonTypeInfoResolver
    {
        public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
            ReadByReflection.Contains(type) ? reflection.GetTypeInfo(type, options) : null;
    }
}
