using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tuner.Infra.Workflow;

/// <summary>The ASL file as text plus the <c>${Name}</c> placeholders found in it. The stack inlines the text
/// (so templates show it) and hands CloudFormation one <c>DefinitionSubstitutions</c> entry per placeholder.</summary>
public sealed partial class StateMachineDefinition
{
    private StateMachineDefinition(string path, string json, IReadOnlyList<string> placeholders)
    {
        Path = path;
        Json = json;
        Placeholders = placeholders;
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

        var json = File.ReadAllText(path);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"State machine definition {path} is not valid JSON: {e.Message}", e);
        }

        var names = PlaceholderPattern().Matches(json).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        return new StateMachineDefinition(path, json, names);
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
    /// Parallel states included), or null when none sets one. A Lambda timeout longer than its Task's lets Step
    /// Functions give up while the function still runs; the stack uses this to keep them equal.</summary>
    public int? TaskTimeoutSeconds(string placeholder)
    {
        var resource = "${" + placeholder + "}";
        int? longest = null;
        Visit(JsonNode.Parse(Json)?["States"] as JsonObject);
        return longest;

        void Visit(JsonObject? states)
        {
            foreach (var (_, node) in states ?? [])
            {
                if (node is not JsonObject state)
                {
                    continue;
                }

                if ((string?)state["Type"] == "Task" && (string?)state["Resource"] == resource && state["TimeoutSeconds"] is JsonValue timeout
                    && timeout.TryGetValue<int>(out var seconds))
                {
                    longest = Math.Max(longest ?? 0, seconds);
                }

                Visit(state["ItemProcessor"]?["States"] as JsonObject);
                Visit(state["Iterator"]?["States"] as JsonObject);
                foreach (var branch in state["Branches"] as JsonArray ?? [])
                {
                    Visit(branch?["States"] as JsonObject);
                }
            }
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
