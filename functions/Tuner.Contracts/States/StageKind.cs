using System.Text.Json.Serialization;

namespace Tuner.Contracts.States;

/// <summary>
/// The stages of a target's measurement: a <see cref="FirstPass"/> over every cell with a few samples, then
/// <see cref="Narrowing"/> rounds in which cells that are worse beyond the margin with confidence drop out and the
/// survivors get more samples, then the <see cref="Confirmation"/> of the best candidate against the current
/// configuration on fresh samples taken in interleaved rounds. Its JSON names (<c>firstPass</c>, <c>narrowing</c>,
/// <c>confirmation</c>) are stated here, for every serializer: <see cref="MeasureUnit.Kind"/> in the Narrower's output
/// and the Measure Map's items, and Tuner.Core's stage history (<c>StageRecord</c>) in <c>stages.json</c> and the report.
/// Tuner.Core and its tests name it through a project-wide alias (their <c>Tuner.Core.Decisions</c> files need no using).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    [JsonStringEnumMemberName("firstPass")]
    FirstPass,

    [JsonStringEnumMemberName("narrowing")]
    Narrowing,

    [JsonStringEnumMemberName("confirmation")]
    Confirmation,
}
