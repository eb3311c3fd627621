using System.Text.Json;
using Json.Schema;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>docs/schemas/tuner-output.schema.json, and the problems of a --json document against it (none when valid).</summary>
internal static class OutputSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tuner-output.schema.json")), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static IReadOnlyList<string> Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))];
    }

    /// <summary>Asserts <paramref name="json"/> is one valid document of the schema.</summary>
    public static void AssertValid(string json)
    {
        var problems = Problems(json);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)) + "\n" + json);
    }
}
