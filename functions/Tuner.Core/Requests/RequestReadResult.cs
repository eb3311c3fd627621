using System.Text.Json.Serialization;

namespace Tuner.Core.Requests;

/// <summary>
/// The outcome of reading a request: the request when it is valid, otherwise <c>null</c> and every problem found.
/// </summary>
public sealed record RequestReadResult(TuningRequest? Request, IReadOnlyList<ValidationProblem> Problems)
{
    [JsonIgnore]
    public bool IsValid => Request is not null && Problems.Count == 0;
}
