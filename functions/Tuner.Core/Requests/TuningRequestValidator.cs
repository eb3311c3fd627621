using Tuner.Core.Serialization;

namespace Tuner.Core.Requests;

/// <summary>
/// Validates a request built in code (e.g. by the CLI from flags) with exactly the rules of
/// <see cref="TuningRequestReader"/>: it writes the request as JSON and reads it back.
/// </summary>
public static class TuningRequestValidator
{
    public static IReadOnlyList<ValidationProblem> Validate(TuningRequest request) =>
        TuningRequestReader.Read(TunerJson.Serialize(request)).Problems;
}
