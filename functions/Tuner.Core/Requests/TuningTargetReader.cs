using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Core.Planning;
using Tuner.Core.Serialization;
using static System.FormattableString;

namespace Tuner.Core.Requests;

/// <summary>
/// The rules of a request's <c>targets</c>: each target's fields, its payloads, its matrix (memory × batch × knobs,
/// at most <see cref="RequestLimits.CellsPerTargetMax"/> cells) and the defaults a target gets, warm or cold.
/// </summary>
internal static partial class TuningTargetReader
{
    private const int PayloadsMax = 100;

    public static List<TuningTarget> ReadTargets(JsonFieldReader fields, JsonElement root)
    {
        var result = new List<TuningTarget>();
        if (!root.TryGetProperty("targets", out var array))
        {
            fields.Add("targets", "is required");
            return result;
        }

        if (!fields.RequireArray(array, "targets", RequestLimits.TargetsMax))
        {
            return result;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = Invariant($"targets[{index}]");
            var target = ReadTarget(fields, element, path);
            if (target is not null)
            {
                var key = FunctionKey(target.Function);
                if (key.Length > 0 && !seen.TryAdd(key, index))
                {
                    fields.Add(path + ".function", Invariant($"'{target.Function}' is already targets[{seen[key]}]"));
                }

                result.Add(target);
            }

            index++;
        }

        return result;
    }

    private static TuningTarget? ReadTarget(JsonFieldReader fields, JsonElement element, string path)
    {
        if (!fields.RequireObject(element, path, RequestLimits.TargetFields))
        {
            return null;
        }

        var function = fields.ReadString(element, "function", path, required: true, FunctionRegex(), "is not a function name or unqualified function ARN") ?? string.Empty;
        JsonElement? payload = element.TryGetProperty("payload", out var p) ? p.Clone() : null;
        var payloads = ReadPayloads(fields, element, path);
        if (payload is not null && payloads is not null)
        {
            fields.Add(path + ".payloads", "give either payload or payloads, not both");
        }

        var memory = fields.ReadIntList(element, "memoryMb", path, RequestLimits.MemoryMbMin, RequestLimits.MemoryMbMax) ?? TuningTarget.DefaultMemoryMb;
        var batch = ReadDynamoDbBatch(fields, element, path);
        var env = ReadEnv(fields, element, path);
        // Cold mode publishes one version per sample: its defaults are smaller (see ColdStartVersions).
        var measure = fields.ReadEnum(element, "measure", path, RequestLimits.MeasureModes) == "cold" ? MeasureMode.Cold : MeasureMode.Warm;
        var cold = measure == MeasureMode.Cold;
        var invocations = fields.ReadInt(element, "invocations", path, RequestLimits.InvocationsMin, RequestLimits.InvocationsMax)
            ?? (cold ? ColdStartVersions.DefaultInvocations : TuningTarget.DefaultInvocations);
        var concurrency = fields.ReadInt(element, "concurrency", path, RequestLimits.ConcurrencyMin, RequestLimits.ConcurrencyMax)
            ?? Math.Min(TuningTarget.DefaultConcurrency, invocations);
        if (concurrency > invocations)
        {
            fields.Add(path + ".concurrency", Invariant($"{concurrency} is above invocations ({invocations})"));
        }

        var architecture = fields.ReadEnum(element, "architecture", path, RequestLimits.Architectures);
        var monthly = fields.ReadLong(element, "monthlyInvocations", path, 0, RequestLimits.MonthlyInvocationsMax);

        var cells = (long)memory.Count * (batch?.BatchSize?.Count ?? 1) * (batch?.Parallelism?.Count ?? 1);
        foreach (var values in env.Values)
        {
            cells *= Math.Max(1, values.Count);
        }

        if (cells > RequestLimits.CellsPerTargetMax)
        {
            fields.Add(path, Invariant($"the matrix has {cells} cells, above {RequestLimits.CellsPerTargetMax}"));
        }

        var coldShare = fields.ReadDouble(element, "coldStartShare", path, RequestLimits.ColdStartShareMin, RequestLimits.ColdStartShareMax);
        var budget = fields.ReadInt(element, "invocationBudget", path, RequestLimits.InvocationBudgetMin, RequestLimits.InvocationBudgetMax);
        var confirm = fields.ReadInt(element, "confirmInvocations", path, RequestLimits.ConfirmInvocationsMin, RequestLimits.ConfirmInvocationsMax)
            ?? (cold ? ColdStartVersions.DefaultConfirmInvocations : null);
        return new TuningTarget(function, payload, payloads, memory, batch, env, invocations, concurrency, architecture, monthly, coldShare, budget, confirm, measure);
    }

    private static List<WeightedPayload>? ReadPayloads(JsonFieldReader fields, JsonElement target, string targetPath)
    {
        if (!target.TryGetProperty("payloads", out var array))
        {
            return null;
        }

        var path = targetPath + ".payloads";
        if (!fields.RequireArray(array, path, PayloadsMax))
        {
            return null;
        }

        var result = new List<WeightedPayload>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var itemPath = Invariant($"{path}[{index++}]");
            if (!fields.RequireObject(element, itemPath, ["payload", "weight"]))
            {
                continue;
            }

            if (!element.TryGetProperty("payload", out var payload))
            {
                fields.Add(itemPath + ".payload", "is required");
            }

            var weight = fields.ReadDouble(element, "weight", itemPath, 0, 1e6, exclusiveMin: true) ?? 1;
            result.Add(new WeightedPayload(payload.ValueKind == JsonValueKind.Undefined ? default : payload.Clone(), weight));
        }

        return result;
    }

    private static DynamoDbBatch? ReadDynamoDbBatch(JsonFieldReader fields, JsonElement target, string targetPath)
    {
        if (!target.TryGetProperty("dynamoDbBatch", out var element))
        {
            return null;
        }

        var path = targetPath + ".dynamoDbBatch";
        if (!fields.RequireObject(element, path, ["batchSize", "parallelism"]))
        {
            return null;
        }

        var batchSize = fields.ReadIntList(element, "batchSize", path, RequestLimits.BatchSizeMin, RequestLimits.BatchSizeMax);
        var parallelism = fields.ReadIntList(element, "parallelism", path, RequestLimits.ParallelismMin, RequestLimits.ParallelismMax);
        if (!element.TryGetProperty("batchSize", out _) && !element.TryGetProperty("parallelism", out _))
        {
            fields.Add(path, "must give batchSize, parallelism or both");
        }

        return new DynamoDbBatch(batchSize, parallelism);
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadEnv(JsonFieldReader fields, JsonElement target, string targetPath)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!target.TryGetProperty("env", out var element))
        {
            return result;
        }

        var path = targetPath + ".env";
        if (element.ValueKind != JsonValueKind.Object)
        {
            fields.Add(path, "must be an object of NAME: [values]");
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var namePath = path + "." + property.Name;
            if (!names.Add(property.Name))
            {
                fields.Add(namePath, "duplicate field");
                continue;
            }

            if (KnobNameRules.Refusal(property.Name) is { } refusal)
            {
                fields.Add(namePath, refusal);
                continue;
            }

            if (fields.RequireArray(property.Value, namePath, RequestLimits.EnvValuesMax))
            {
                result[property.Name] = ReadEnvValues(fields, property.Value, namePath);
            }
        }

        return result;
    }

    private static List<string> ReadEnvValues(JsonFieldReader fields, JsonElement array, string namePath)
    {
        var values = new List<string>();
        var index = 0;
        foreach (var value in array.EnumerateArray())
        {
            var valuePath = Invariant($"{namePath}[{index++}]");
            if (fields.StringValue(value, valuePath) is not { } text)
            {
                continue;
            }

            if (values.Contains(text, StringComparer.Ordinal))
            {
                fields.Add(valuePath, $"'{text}' is a duplicate");
                continue;
            }

            values.Add(text);
        }

        return values;
    }

    private static string FunctionKey(string function)
    {
        var colon = function.LastIndexOf(':');
        return colon < 0 ? function : function[(colon + 1)..];
    }

    [GeneratedRegex(RequestLimits.FunctionPattern, RegexOptions.CultureInvariant)]
    private static partial Regex FunctionRegex();
}
