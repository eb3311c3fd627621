using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tuner.Core.Serialization;

/// <summary>
/// The enum rule of <see cref="TunerJson"/>: camelCase names (or an enum's own <see cref="JsonStringEnumMemberNameAttribute"/>
/// names), integer values refused. A type of its own, with a parameterless constructor, so a source-generated
/// context can name it in <see cref="JsonSourceGenerationOptionsAttribute.Converters"/> (Tuner.Functions'
/// <c>StateMessageJson</c>) and both state the same rule.
/// </summary>
public sealed class TunerEnumConverter() : JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
