using System.Globalization;
using System.Text.Json;
using Tuner.LocalLambda.Api;

namespace Tuner.LocalLambda.Faults;

/// <summary>
/// Reads and writes the <c>/_tuner/faults</c> documents: <c>{"rules":[{"operation","function","status","errorType",
/// "message","count","reason","retryAfterSeconds"}]}</c>. Reading returns every problem at once, each with its field path.
/// </summary>
public static class LambdaFaultRulesJson
{
    /// <summary>The POST body that adds <paramref name="rules"/>.</summary>
    public static string ToJson(IReadOnlyList<LambdaFaultRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                WriteFields(json, rule);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static (IReadOnlyList<LambdaFaultRule> Rules, IReadOnlyList<string> Errors) Read(JsonElement root)
    {
        var rules = new List<LambdaFaultRule>();
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rules", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return (rules, ["rules: an array of rules is required"]);
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"rules[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be an object");
                continue;
            }

            var before = errors.Count;
            var operation = String(item, "operation");
            if (operation is null)
            {
                errors.Add($"{path}.operation: required (a Lambda API action name, e.g. UpdateFunctionConfiguration)");
            }
            else if (!LambdaOperation.All.Contains(operation))
            {
                errors.Add($"{path}.operation: {operation} is not an action this service serves ({string.Join(", ", LambdaOperation.All.Order(StringComparer.Ordinal))})");
            }

            var status = Int(item, "status", path, errors);
            if (status is null or < 400 or > 599)
            {
                errors.Add($"{path}.status: an HTTP error status 400–599 is required");
            }

            var errorType = String(item, "errorType");
            if (string.IsNullOrWhiteSpace(errorType))
            {
                errors.Add($"{path}.errorType: required (e.g. TooManyRequestsException)");
            }

            var count = Int(item, "count", path, errors);
            if (count is < 1)
            {
                errors.Add($"{path}.count: {count} must be at least 1 (null = every matching call)");
            }

            var retryAfter = Int(item, "retryAfterSeconds", path, errors);
            if (retryAfter is < 0)
            {
                errors.Add($"{path}.retryAfterSeconds: {retryAfter} must not be negative");
            }

            if (errors.Count == before)
            {
                rules.Add(new LambdaFaultRule(
                    operation!, String(item, "function"), status!.Value, errorType!, String(item, "message") ?? "Injected fault.", count,
                    String(item, "reason"), retryAfter));
            }
        }

        return (rules, errors);
    }

    internal static void Write(Utf8JsonWriter json, IReadOnlyList<LambdaFaultState> states)
    {
        json.WriteStartObject();
        json.WriteStartArray("rules");
        foreach (var state in states)
        {
            json.WriteStartObject();
            WriteFields(json, state.Rule);
            json.WriteNumber("hits", state.Hits);
            WriteNullable(json, "remaining", state.Remaining);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, LambdaFaultRule rule)
    {
        json.WriteString("operation", rule.Operation);
        json.WriteString("function", rule.Function);
        json.WriteNumber("status", rule.Status);
        json.WriteString("errorType", rule.ErrorType);
        json.WriteString("message", rule.Message);
        WriteNullable(json, "count", rule.Count);
        json.WriteString("reason", rule.Reason);
        WriteNullable(json, "retryAfterSeconds", rule.RetryAfterSeconds);
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement item, string name, string path, List<string> errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{path}.{name}: {value.GetRawText()} is not a whole number"));
        return null;
    }
}
