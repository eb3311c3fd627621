using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Contracts;

/// <summary>
/// The JSONPaths one state reads, each with the field it is in (<c>InputPath</c>, <c>Choices[0].Variable</c>,
/// <c>Parameters.x.$</c>, …): what <see cref="AslDataFlow"/> follows back to the states that produce them.
/// </summary>
internal static partial class AslStateReads
{
    private const string Root = "$";

    /// <summary>The paths a state reads from its input (its ResultSelector reads its result, not its input).</summary>
    public static IEnumerable<(string Field, string Path)> Of(JsonElement state)
    {
        foreach (var property in state.EnumerateObject())
        {
            if (property.Name.EndsWith("Path", StringComparison.Ordinal) && property.Name is not ("ResultPath" or "OutputPath")
                && IsInputPath(property.Value))
            {
                yield return (property.Name, property.Value.GetString()!);
            }
        }

        var index = 0;
        foreach (var rule in AslDefinition.Objects(state, "Choices"))
        {
            foreach (var read in RuleReads(rule, $"Choices[{index++}]"))
            {
                yield return read;
            }
        }

        foreach (var name in new[] { "Parameters", "ItemSelector" })
        {
            if (state.TryGetProperty(name, out var template))
            {
                foreach (var read in Template(template, name))
                {
                    yield return read;
                }
            }
        }
    }

    private static IEnumerable<(string Field, string Path)> RuleReads(JsonElement rule, string field)
    {
        foreach (var property in rule.EnumerateObject())
        {
            if ((property.Name == "Variable" || property.Name.EndsWith("Path", StringComparison.Ordinal)) && IsInputPath(property.Value))
            {
                yield return ($"{field}.{property.Name}", property.Value.GetString()!);
            }
            else if (property.Name is "And" or "Or" or "Not")
            {
                var inner = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToList() : [property.Value];
                for (var i = 0; i < inner.Count; i++)
                {
                    var at = property.Name == "Not" ? $"{field}.Not" : $"{field}.{property.Name}[{i}]";
                    foreach (var read in RuleReads(inner[i], at))
                    {
                        yield return read;
                    }
                }
            }
        }
    }

    /// <summary>A template's <c>key.$</c> paths, the ones inside intrinsic functions (<c>States.Format(…, $.x)</c>) included.</summary>
    public static IEnumerable<(string Field, string Path)> Template(JsonElement template, string field)
    {
        if (template.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in template.EnumerateArray())
            {
                foreach (var read in Template(item, $"{field}[{i++}]"))
                {
                    yield return read;
                }
            }
        }

        if (template.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var property in template.EnumerateObject())
        {
            var at = $"{field}.{property.Name}";
            if (!property.Name.EndsWith(".$", StringComparison.Ordinal) || property.Value.ValueKind != JsonValueKind.String)
            {
                foreach (var read in Template(property.Value, at))
                {
                    yield return read;
                }
            }
            else if (IsInputPath(property.Value))
            {
                yield return (at, property.Value.GetString()!);
            }
            else if (property.Value.GetString()!.StartsWith("States.", StringComparison.Ordinal))
            {
                foreach (Match match in IntrinsicArgumentPath().Matches(property.Value.GetString()!))
                {
                    yield return (at, match.Value);
                }
            }
        }
    }

    private static bool IsInputPath(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { } text
        && text.StartsWith(Root, StringComparison.Ordinal) && !text.StartsWith("$$", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<![$\w])\$(?!\$)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*")]
    private static partial Regex IntrinsicArgumentPath();
}
