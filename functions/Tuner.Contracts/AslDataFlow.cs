using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tuner.Contracts;

/// <summary>
/// Follows the JSONPaths the top-level states of one state machine read (<see cref="AslStateReads"/>) back to the
/// states that produce them (<see cref="AslDefinition.InputReads"/>): through the transitions (<c>Next</c>, a Choice's
/// rules and <c>Default</c>, <c>Catch</c>) and each predecessor's <c>InputPath</c>, <c>Parameters</c> (Pass), <c>ResultSelector</c>,
/// <c>ResultPath</c> and <c>OutputPath</c>, as Step Functions applies them. A Choice or Wait state passes its input on;
/// a <c>ResultPath</c> of null keeps the state's input; a path beside a <c>ResultPath</c> is the state's input too.
/// </summary>
internal sealed partial class AslDataFlow
{
    private const string Root = "$";

    private readonly Dictionary<string, JsonElement> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Transition>> _into = new(StringComparer.Ordinal);
    private readonly string? _startAt;

    private AslDataFlow(JsonElement machine)
    {
        _startAt = Text(machine, "StartAt");
        if (!machine.TryGetProperty("States", out var states) || states.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var state in states.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Object))
        {
            _states[state.Name] = state.Value;
            _into.TryAdd(state.Name, []);
        }

        foreach (var (name, state) in _states)
        {
            foreach (var next in Successors(state))
            {
                Into(next).Add(new Transition(name, Catch: false, CatchResultPath: null));
            }

            foreach (var handler in AslDefinition.Objects(state, "Catch"))
            {
                if (Text(handler, "Next") is { } next)
                {
                    // A Catch without ResultPath replaces the input with the error; ResultPath null keeps the input.
                    var resultPath = handler.TryGetProperty("ResultPath", out var path) ? path.ValueKind == JsonValueKind.Null ? null : path.GetString() : Root;
                    Into(next).Add(new Transition(name, Catch: true, resultPath));
                }
            }
        }
    }

    public static IReadOnlyList<AslInputRead> Read(JsonElement machine)
    {
        var flow = new AslDataFlow(machine);
        var reads = new List<AslInputRead>();
        foreach (var (name, state) in flow._states)
        {
            var inputPath = InputPathOf(state);
            foreach (var (field, path) in AslStateReads.Of(state))
            {
                var effective = field == "InputPath" || inputPath is null ? path : Join(inputPath, path);
                reads.Add(new AslInputRead(name, field, path, [.. flow.InputSources(name, effective, []).Distinct()]));
            }

            if (state.TryGetProperty("ResultSelector", out var selector) && selector.ValueKind == JsonValueKind.Object)
            {
                var resource = ResourceOf(state);
                foreach (var (field, path) in AslStateReads.Template(selector, "ResultSelector"))
                {
                    reads.Add(new AslInputRead(name, field, path, [new AslValueSource(AslValueOrigin.TaskResult, name, resource, path)]));
                }
            }
        }

        return reads;
    }

    /// <summary>Where <paramref name="path"/> of <paramref name="state"/>'s raw input can come from.</summary>
    private List<AslValueSource> InputSources(string state, string path, HashSet<(string, string)> seen)
    {
        var sources = new List<AslValueSource>();
        if (!seen.Add((state, path)))
        {
            return sources;
        }

        if (state == _startAt)
        {
            sources.Add(new AslValueSource(AslValueOrigin.ExecutionInput, state, null, path));
        }

        foreach (var from in _into.GetValueOrDefault(state) ?? [])
        {
            if (!from.Catch)
            {
                sources.AddRange(OutputSources(from.State, path, seen));
            }
            else if (from.CatchResultPath is { } resultPath && IsWithin(path, resultPath))
            {
                sources.Add(new AslValueSource(AslValueOrigin.CaughtError, from.State, null, Relative(path, resultPath)));
            }
            else
            {
                // ResultPath null, or a path beside the error: the failed state's input.
                sources.AddRange(InputSources(from.State, path, seen));
            }
        }

        return sources;
    }

    /// <summary>Where <paramref name="path"/> of <paramref name="state"/>'s output can come from.</summary>
    private List<AslValueSource> OutputSources(string state, string path, HashSet<(string, string)> seen)
    {
        var definition = _states[state];
        var type = Text(definition, "Type");
        if (definition.TryGetProperty("OutputPath", out var outputPath))
        {
            if (outputPath.ValueKind != JsonValueKind.String)
            {
                return [];
            }

            path = Join(outputPath.GetString()!, path);
        }

        var inputPath = InputPathOf(definition);
        if (type is "Choice" or "Wait")
        {
            return inputPath is null ? [] : InputSources(state, Join(inputPath, path), seen);
        }

        var resultPath = definition.TryGetProperty("ResultPath", out var result) ? result.ValueKind == JsonValueKind.Null ? null : result.GetString() : Root;
        if (resultPath is null || !IsWithin(path, resultPath))
        {
            return InputSources(state, path, seen);
        }

        var within = Relative(path, resultPath);
        return type switch
        {
            "Task" when definition.TryGetProperty("ResultSelector", out var selector) && selector.ValueKind == JsonValueKind.Object =>
                TemplateSources(state, selector, within, p => [new AslValueSource(AslValueOrigin.TaskResult, state, ResourceOf(definition), p)]),
            "Task" => [new AslValueSource(AslValueOrigin.TaskResult, state, ResourceOf(definition), within)],
            "Pass" when definition.TryGetProperty("Parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object =>
                TemplateSources(state, parameters, within, p => inputPath is null ? [] : InputSources(state, Join(inputPath, p), seen)),
            "Pass" when !definition.TryGetProperty("Result", out _) => inputPath is null ? [] : InputSources(state, Join(inputPath, within), seen),
            _ => [new AslValueSource(AslValueOrigin.Other, state, null, within)],
        };
    }

    /// <summary>
    /// Where <paramref name="path"/> of what a template (Parameters, ResultSelector) builds comes from: a <c>key.$</c>
    /// path is followed by <paramref name="follow"/>; a constant, a context path or an intrinsic function is
    /// <see cref="AslValueOrigin.Other"/>.
    /// </summary>
    private static List<AslValueSource> TemplateSources(string state, JsonElement template, string path, Func<string, List<AslValueSource>> follow)
    {
        var segments = Segments(path);
        var other = new List<AslValueSource> { new(AslValueOrigin.Other, state, null, path) };
        if (segments.Count == 0 || !segments[0].StartsWith('.'))
        {
            return other;
        }

        var key = segments[0][1..];
        var rest = Root + string.Concat(segments.Skip(1));
        if (template.TryGetProperty(key + ".$", out var dynamic) && dynamic.GetString() is { } expression
            && expression.StartsWith(Root, StringComparison.Ordinal) && !expression.StartsWith("$$", StringComparison.Ordinal))
        {
            return follow(Join(expression, rest));
        }

        return template.TryGetProperty(key, out var constant) && constant.ValueKind == JsonValueKind.Object && rest != Root
            ? TemplateSources(state, constant, rest, follow)
            : other;
    }

    private static IEnumerable<string> Successors(JsonElement state)
    {
        if (Text(state, "Next") is { } next)
        {
            yield return next;
        }

        foreach (var rule in AslDefinition.Objects(state, "Choices"))
        {
            if (Text(rule, "Next") is { } choice)
            {
                yield return choice;
            }
        }

        if (Text(state, "Default") is { } fallback)
        {
            yield return fallback;
        }
    }

    private List<Transition> Into(string state)
    {
        if (!_into.TryGetValue(state, out var list))
        {
            _into[state] = list = [];
        }

        return list;
    }

    /// <summary>The state's InputPath: <c>$</c> when absent, null when it discards the input.</summary>
    private static string? InputPathOf(JsonElement state) =>
        !state.TryGetProperty("InputPath", out var path) ? Root : path.ValueKind == JsonValueKind.String ? path.GetString() : null;

    private static string? ResourceOf(JsonElement state) => AslDefinition.ResourcePlaceholder(state) ?? Text(state, "Resource");

    private static string? Text(JsonElement element, string name) => AslDefinition.Text(element, name);

    /// <summary><c>$.a</c> then <c>$.b[0]</c> is <c>$.a.b[0]</c>.</summary>
    private static string Join(string prefix, string path) => prefix + path[Root.Length..];

    private static bool IsWithin(string path, string prefix)
    {
        var outer = Segments(prefix);
        var inner = Segments(path);
        return inner.Count >= outer.Count && outer.SequenceEqual(inner.Take(outer.Count), StringComparer.Ordinal);
    }

    private static string Relative(string path, string prefix) => Root + string.Concat(Segments(path).Skip(Segments(prefix).Count));

    /// <summary>A path's steps: <c>.name</c> or <c>[index]</c>.</summary>
    private static List<string> Segments(string path) => [.. PathSegment().Matches(path[Root.Length..]).Select(m => m.Value)];

    [GeneratedRegex(@"\.[^.\[]+|\[[^\]]*\]")]
    private static partial Regex PathSegment();

    /// <summary>A transition into a state: from <see cref="State"/>'s Next or Choice, or its Catch (with its ResultPath).</summary>
    private sealed record Transition(string State, bool Catch, string? CatchResultPath);
}
