using System.Text.Json.Serialization;

namespace Tuner.Functions.Messages;

/// <summary>
/// How one cell of a unit ended (<see cref="CellSummary.Status"/>). Its JSON names (<c>measured</c>, <c>failed</c>) are
/// stated here, for every serializer of the unit summary.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CellStatus>))]
public enum CellStatus
{
    /// <summary>At least one sample was counted.</summary>
    [JsonStringEnumMemberName("measured")]
    Measured,

    /// <summary>No sample was counted: every invocation failed (e.g. out of memory: <see cref="CellSummary.ErrorType"/> says how).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
