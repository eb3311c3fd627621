using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Tuner.Contracts.States;

namespace Tuner.Contracts.Tests.States;

/// <summary>
/// statemachine/tuner.asl.json against the state output records: every path its states read of a Task's result
/// (Choice rules, ItemsPath, MaxConcurrencyPath, Parameters, ItemSelector, ResultSelector), followed back by
/// <see cref="AslDefinition.InputReads"/>, is a JSON property of the record that Task's function writes, as
/// <see cref="StateOutputJson"/> names it. A renamed property or a mistyped path fails here, not in a run.
/// </summary>
public sealed partial class AslStateOutputTests
{
    private static readonly Dictionary<string, JsonTypeInfo> Outputs = new(StringComparer.Ordinal)
    {
        [TunerFunctions.Planner.ArnPlaceholder] = StateOutputJson.Default.PlannerOutput,
        [TunerFunctions.Narrower.ArnPlaceholder] = StateOutputJson.Default.NarrowerOutput,
        [TunerFunctions.Executor.ArnPlaceholder] = StateOutputJson.Default.ExecutorOutput,
        [TunerFunctions.Reducer.ArnPlaceholder] = StateOutputJson.Default.ReducerOutput,
        [TunerFunctions.Cleaner.ArnPlaceholder] = StateOutputJson.Default.CleanerOutput,
    };

    private static readonly IReadOnlyList<AslInputRead> Reads =
        AslDefinition.InputReads(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tuner.asl.json")));

    [Fact]
    public void Outputs_OneRecordPerStateFunction() =>
        Assert.Equal(TunerFunctions.States.Select(f => f.ArnPlaceholder).Order(StringComparer.Ordinal), Outputs.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void InputReads_EveryPathReadOfATasksResult_IsAPropertyOfItsFunctionsOutputRecord()
    {
        var problems = new List<string>();
        foreach (var read in Reads)
        {
            foreach (var source in read.Sources.Where(s => s.Origin == AslValueOrigin.TaskResult))
            {
                var problem = source.Resource is { } resource && Outputs.TryGetValue(resource, out var record)
                    ? Missing(record, source.Path)
                    : "no output record for its Resource";
                if (problem is not null)
                {
                    problems.Add($"{read.State} {read.Field} {read.Path} <- {source.State}'s result {source.Path}: {problem}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void InputReads_TheChoicesAndTheMap_ReadThePlannersAndTheNarrowersOutputs()
    {
        Assert.Equal(["Planner $.published", "ResumePlanner $.published"], TaskSources("AllPublished", "Choices[0].Variable"));
        Assert.Equal(["Narrower $.done"], TaskSources("MoreStages", "Choices[0].Variable"));
        Assert.Equal(["Narrower $.units"], TaskSources("Measure", "ItemsPath"));
        Assert.Equal(["Narrower $.maxConcurrency"], TaskSources("Measure", "MaxConcurrencyPath"));
        Assert.Equal(["Planner $.planETag", "ResumePlanner $.planETag"], TaskSources("ResumePlanner", "Parameters.planETag.$"));
        Assert.Equal(["Narrower $.runId"], TaskSources("Reducer", "Parameters.runId.$"));
    }

    [Fact]
    public void InputReads_EveryPath_HasASource() =>
        Assert.Empty(Reads.Where(r => r.Sources.Count == 0).Select(r => $"{r.State} {r.Field} {r.Path}"));

    private static List<string> TaskSources(string state, string field) =>
        [.. Assert.Single(Reads, r => r.State == state && r.Field == field).Sources
            .Where(s => s.Origin == AslValueOrigin.TaskResult).Select(s => $"{s.State} {s.Path}").Order(StringComparer.Ordinal)];

    /// <summary>Null when <paramref name="path"/> is a JSON property path of <paramref name="record"/>; else what is missing.</summary>
    private static string? Missing(JsonTypeInfo record, string path)
    {
        var type = record;
        foreach (Match step in PathStep().Matches(path[1..]))
        {
            var next = step.Value.StartsWith('[')
                ? type.ElementType
                : type.Properties.FirstOrDefault(p => p.Name == step.Value[1..])?.PropertyType;
            if (next is null)
            {
                return $"{type.Type.Name} has no {(step.Value.StartsWith('[') ? "items" : "property " + step.Value[1..])}";
            }

            type = StateOutputJson.Default.GetTypeInfo(next) ?? throw new InvalidOperationException($"StateOutputJson has no metadata for {next.Name}");
        }

        return null;
    }

    [GeneratedRegex(@"\.[^.\[]+|\[[^\]]*\]")]
    private static partial Regex PathStep();
}
