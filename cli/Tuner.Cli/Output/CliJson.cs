using System.Text.Json;
using System.Text.Json.Serialization;
using Tuner.Cli.Plan;

namespace Tuner.Cli.Output;

/// <summary>
/// The <c>--json</c> documents of the commands, source-generated: camelCase, indented, nulls written (a schema's
/// required property is always there). Each document names its schema in <c>schema</c> (docs/schemas/).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(RunJson))]
[JsonSerializable(typeof(ReportJson))]
[JsonSerializable(typeof(HistoryJson))]
[JsonSerializable(typeof(VerifyJson))]
internal sealed partial class CliJson : JsonSerializerContext
{
    /// <summary>Writes <paramref name="value"/> as one JSON document and a newline.</summary>
    public static void Write<T>(TextWriter output, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(value, type));
    }
}
