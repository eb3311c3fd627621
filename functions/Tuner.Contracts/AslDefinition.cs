using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Contracts;

/// <summary>
/// What Tuner reads of its ASL text (<c>statemachine/tuner.asl.json</c>) besides running it: the <c>${Name}</c>
/// placeholders the CDK stack and the local run substitute, each function's Task timeout, and the paths its states read
/// of the state outputs (which the Contracts tests hold to the output records). The CDK stack
/// (<c>StateMachineDefinition</c>) and the local cloud (<c>LocalFunctions</c>, <c>StepFunctionsEngine</c>) both read them
/// here, so a function's timeout is its Task's on AWS and locally alike.
/// </summary>
public static partial class AslDefinition
{
    /// <summary>Every distinct <c>${Name}</c> placeholder (without <c>${ }</c>), in order of first appearance.</summary>
    public static IReadOnlyList<string> Placeholders(string definitionText)
    {
        ArgumentNullException.ThrowIfNull(definitionText);
        return [.. PlaceholderPattern().Matches(definitionText).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The longest <c>TimeoutSeconds</c> of the Task states per <c>${Name}</c> Resource, Map iterations
    /// (<c>ItemProcessor</c>, <c>Iterator</c>) and Parallel branches included; a placeholder no Task with a timeout
    /// names is absent. A Lambda timeout longer than its Task's lets Step Functions give up while the function still
    /// runs: the stack and the local cloud set each function's timeout from this.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static IReadOnlyDictionary<string, int> TaskTimeouts(string definitionText)
    {
        ArgumentNullException.ThrowIfNull(definitionText);
        var timeouts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(definitionText);
        Visit(document.RootElement);
        return timeouts;

        void Visit(JsonElement node)
        {
            if (!node.TryGetProperty("States", out var states) || states.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var (_, state) in states.EnumerateObject().Select(p => (p.Name, p.Value)).Where(s => s.Value.ValueKind == JsonValueKind.Object))
            {
                if (Text(state, "Type") == "Task" && ResourcePlaceholder(state) is { } name
                    && state.TryGetProperty("TimeoutSeconds", out var timeout) && timeout.TryGetInt32(out var seconds))
                {
                    timeouts[name] = Math.Max(seconds, timeouts.GetValueOrDefault(name));
                }

                foreach (var inner in new[] { "ItemProcessor", "Iterator" })
                {
                    if (state.TryGetProperty(inner, out var machine) && machine.ValueKind == JsonValueKind.Object)
                    {
                        Visit(machine);
                    }
                }

                if (state.TryGetProperty("Branches", out var branches) && branches.ValueKind == JsonValueKind.Array)
                {
                    foreach (var branch in branches.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object))
                    {
                        Visit(branch);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every JSONPath the top-level states read from their input — Choice rules (<c>Variable</c>, <c>…Path</c>
    /// comparisons), <c>ItemsPath</c> and the other <c>…Path</c> fields, <c>Parameters</c> and <c>ItemSelector</c> (paths
    /// inside intrinsic functions included) — and the <c>ResultSelector</c> paths a Task reads from its own result, each
    /// with the states whose output it can be (followed back through Choice states, <c>ResultPath</c>,
    /// <c>OutputPath</c> and Catch results). Map iterations and Parallel branches read their item or branch input, not a
    /// state's output: they are not followed.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static IReadOnlyList<AslInputRead> InputReads(string definitionText)
    {
        ArgumentNullException.ThrowIfNull(definitionText);
        using var document = JsonDocument.Parse(definitionText);
        return AslDataFlow.Read(document.RootElement);
    }

    /// <summary>The <c>Name</c> of a state whose <c>Resource</c> is exactly <c>${Name}</c>; otherwise null.</summary>
    internal static string? ResourcePlaceholder(JsonElement state) =>
        Text(state, "Resource") is { } resource && PlaceholderPattern().Match(resource) is { Success: true } match && match.Value == resource
            ? match.Groups[1].Value
            : null;

    internal static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The objects of the array <paramref name="name"/> (<c>Catch</c>, <c>Choices</c>); none when it is absent.</summary>
    internal static IEnumerable<JsonElement> Objects(JsonElement state, string name) =>
        state.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
            : [];

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex PlaceholderPattern();
}
