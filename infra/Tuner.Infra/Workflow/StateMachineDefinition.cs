using System.Text.Json;
using Tuner.Contracts;

namespace Tuner.Infra.Workflow;

/// <summary>The ASL file as text plus the <c>${Name}</c> placeholders found in it. The stack inlines the text
/// (so templates show it) and hands CloudFormation one <c>DefinitionSubstitutions</c> entry per placeholder.</summary>
public sealed class StateMachineDefinition
{
    private readonly IReadOnlyDictionary<string, int> _taskTimeouts;

    private StateMachineDefinition(string path, string json)
    {
        Path = path;
        Json = json;
        Placeholders = AslDefinition.Placeholders(json);
        _taskTimeouts = AslDefinition.TaskTimeouts(json);
    }

    /// <summary>Where the definition was read from.</summary>
    public string Path { get; }

    /// <summary>The ASL text, placeholders left in.</summary>
    public string Json { get; }

    /// <summary>Distinct placeholder names (without <c>${ }</c>), in order of first appearance.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>Reads and parses the ASL file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or not JSON.</exception>
    public static StateMachineDefinition Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"State machine definition not found: {path}");
        }

        try
        {
            return new StateMachineDefinition(path, File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"State machine definition {path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Picks, for every placeholder in the file, its value from <paramref name="available"/>.</summary>
    /// <exception cref="InvalidOperationException">Some placeholder has no value; the message names all of them.</exception>
    public Dictionary<string, string> Substitutions(IReadOnlyDictionary<string, string> available)
    {
        var missing = Placeholders.Where(p => !available.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"State machine definition {Path} uses placeholder(s) the stack cannot fill: " +
                string.Join(", ", missing.Select(m => "${" + m + "}")) +
                ". Known placeholders: " + string.Join(", ", available.Keys.Order(StringComparer.Ordinal).Select(k => "${" + k + "}")) +
                ". Add a value in TunerStack or remove the placeholder from the ASL.");
        }

        return Placeholders.ToDictionary(p => p, p => available[p], StringComparer.Ordinal);
    }

    /// <summary>The longest <c>TimeoutSeconds</c> of the Task states whose Resource is <c>${placeholder}</c> (Map and
    /// Parallel states included), or null when none sets one (<see cref="AslDefinition.TaskTimeouts"/>). A Lambda timeout
    /// longer than its Task's lets Step Functions give up while the function still runs; the stack uses this to keep them equal.</summary>
    public int? TaskTimeoutSeconds(string placeholder) =>
        _taskTimeouts.TryGetValue(placeholder, out var seconds) ? seconds : null;
}
