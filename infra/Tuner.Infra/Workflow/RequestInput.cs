using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Infra.Settings;

namespace Tuner.Infra.Workflow;

/// <summary>Turns a tuning request file into plain objects (dictionaries, arrays, strings, numbers, booleans)
/// that jsii can hand to <c>RuleTargetInput.FromObject</c>, so the rule's input is the request's JSON.</summary>
public static class RequestInput
{
    /// <summary>Reads <paramref name="path"/> and converts it; the file must hold a JSON object.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, not JSON, or not an object.</exception>
    public static IDictionary<string, object?> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Schedule request file not found: {path}");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Schedule request file {path} is not valid JSON: {e.Message}", e);
        }

        return node is JsonObject obj
            ? (IDictionary<string, object?>)PlainJson.FromNode(obj)!
            : throw new InvalidOperationException($"Schedule request file {path} must hold a JSON object (a tuning request).");
    }
}
