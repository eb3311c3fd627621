using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Core.Requests;
using static System.FormattableString;

namespace Tuner.Core.Serialization;

/// <summary>
/// Reads typed fields out of a <see cref="JsonDocument"/> and collects every problem with its field path instead of
/// stopping at the first (<c>targets[0].memoryMb[2]: 12000 is above 10240</c>). It knows JSON shapes, not what a
/// field means: a reader of one document (the tuning request) states the names, bounds and patterns, this type
/// checks them. A method returns null (or false) when the field is missing or wrong, having recorded why.
/// </summary>
internal sealed class JsonFieldReader
{
    /// <summary>Arrays read with <see cref="ReadIntList"/> hold at most this many items.</summary>
    public const int IntListMax = 100;

    private readonly List<ValidationProblem> _problems = [];

    /// <summary>Every problem recorded so far, in document order.</summary>
    public IReadOnlyList<ValidationProblem> Problems => _problems;

    /// <summary>Records a problem the caller found (a rule across fields, a duplicate, a missing field).</summary>
    public void Add(string path, string message) => _problems.Add(new ValidationProblem(path, message));

    /// <summary><c>parent.name</c>, or <c>name</c> at the root.</summary>
    public static string Join(string parentPath, string name) => parentPath.Length == 0 ? name : parentPath + "." + name;

    /// <summary>True when <paramref name="element"/> is an object; its duplicate and unknown fields are recorded either way.</summary>
    public bool RequireObject(JsonElement element, string path, IReadOnlyList<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Add(path, "must be an object");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = Join(path, property.Name);
            if (!seen.Add(property.Name))
            {
                Add(fieldPath, "duplicate field");
            }
            else if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Add(fieldPath, "unknown field");
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="element"/> is an array of 1 to <paramref name="maxItems"/> items.</summary>
    public bool RequireArray(JsonElement element, string path, int maxItems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            Add(path, "must be an array");
            return false;
        }

        var length = element.GetArrayLength();
        if (length == 0)
        {
            Add(path, "must not be empty");
            return false;
        }

        if (length > maxItems)
        {
            Add(path, Invariant($"has {length} items, above {maxItems}"));
            return false;
        }

        return true;
    }

    /// <summary>A string field matching <paramref name="pattern"/>; <paramref name="patternMessage"/> follows the quoted value when it does not.</summary>
    public string? ReadString(JsonElement parent, string name, string parentPath, bool required, Regex pattern, string patternMessage)
    {
        var path = Join(parentPath, name);
        if (!parent.TryGetProperty(name, out var element))
        {
            if (required)
            {
                Add(path, "is required");
            }

            return null;
        }

        var text = StringValue(element, path);
        if (text is not null && !pattern.IsMatch(text))
        {
            Add(path, $"'{text}' {patternMessage}");
            return null;
        }

        return text;
    }

    /// <summary>An optional string field that must be one of <paramref name="allowed"/>.</summary>
    public string? ReadEnum(JsonElement parent, string name, string parentPath, IReadOnlyList<string> allowed)
    {
        var path = Join(parentPath, name);
        if (!parent.TryGetProperty(name, out var element))
        {
            return null;
        }

        var text = StringValue(element, path);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Add(path, $"'{text}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    /// <summary>An optional integer field within [min, max].</summary>
    public int? ReadInt(JsonElement parent, string name, string parentPath, int min, int max)
    {
        var value = ReadLong(parent, name, parentPath, min, max);
        return value is null ? null : (int)value.Value;
    }

    /// <summary>An optional integer field within [min, max].</summary>
    public long? ReadLong(JsonElement parent, string name, string parentPath, long min, long max) =>
        parent.TryGetProperty(name, out var element) ? CheckLong(element, Join(parentPath, name), min, max) : null;

    /// <summary>An optional number field within [min, max], or (min, max] when <paramref name="exclusiveMin"/>.</summary>
    public double? ReadDouble(JsonElement parent, string name, string parentPath, double min, double max, bool exclusiveMin = false)
    {
        var path = Join(parentPath, name);
        if (!parent.TryGetProperty(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value))
        {
            Add(path, "must be a number");
            return null;
        }

        if (exclusiveMin ? value <= min : value < min)
        {
            Add(path, exclusiveMin ? Invariant($"{value} must be above {min}") : Invariant($"{value} is below {min}"));
            return null;
        }

        if (value > max)
        {
            Add(path, Invariant($"{value} is above {max}"));
            return null;
        }

        return value;
    }

    /// <summary>
    /// An optional array of distinct integers within [min, max]: null when absent, empty when not a usable array, else
    /// the valid items (a bad or repeated item is recorded at its index and left out).
    /// </summary>
    public List<int>? ReadIntList(JsonElement parent, string name, string parentPath, int min, int max)
    {
        var path = Join(parentPath, name);
        if (!parent.TryGetProperty(name, out var array))
        {
            return null;
        }

        if (!RequireArray(array, path, IntListMax))
        {
            return [];
        }

        var result = new List<int>();
        var firstIndex = new Dictionary<long, int>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = Invariant($"{path}[{index}]");
            var value = CheckLong(element, itemPath, min, max);
            if (value is not null)
            {
                if (firstIndex.TryGetValue(value.Value, out var first))
                {
                    Add(itemPath, Invariant($"{value} is a duplicate of {name}[{first}]"));
                }
                else
                {
                    firstIndex[value.Value] = index;
                    result.Add((int)value.Value);
                }
            }

            index++;
        }

        return result;
    }

    /// <summary>The element's string, or null with "must be a string" recorded.</summary>
    public string? StringValue(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Add(path, "must be a string");
            return null;
        }

        return element.GetString()!;
    }

    private long? CheckLong(JsonElement element, string path, long min, long max)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            Add(path, "must be an integer");
            return null;
        }

        if (value < min)
        {
            Add(path, Invariant($"{value} is below {min}"));
            return null;
        }

        if (value > max)
        {
            Add(path, Invariant($"{value} is above {max}"));
            return null;
        }

        return value;
    }
}
