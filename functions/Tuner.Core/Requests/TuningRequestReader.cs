using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Core.Planning;
using static System.FormattableString;

namespace Tuner.Core.Requests;

/// <summary>
/// Reads a tuning request from JSON and validates it in the same pass, so every problem comes with its exact path
/// (<c>targets[0].memoryMb[2]: 12000 is above 10240</c>) and all problems are returned at once: wrong types,
/// missing and unknown fields, out-of-range values, duplicates and empty matrices.
/// Budget checks need the plan and are done by the planner.
/// </summary>
public static partial class TuningRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    public static RequestReadResult Read(string json) => Read(System.Text.Encoding.UTF8.GetBytes(json));

    public static RequestReadResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1})") : string.Empty;
            return new RequestReadResult(null, [new ValidationProblem(string.Empty, "not valid JSON" + where)]);
        }

        using (document)
        {
            var context = new Context();
            var request = context.ReadRequest(document.RootElement);
            return context.Problems.Count == 0 ? new RequestReadResult(request, []) : new RequestReadResult(null, context.Problems);
        }
    }

    [GeneratedRegex(RequestLimits.JobPattern, RegexOptions.CultureInvariant)]
    private static partial Regex JobRegex();

    [GeneratedRegex(RequestLimits.FunctionPattern, RegexOptions.CultureInvariant)]
    private static partial Regex FunctionRegex();

    [GeneratedRegex(RequestLimits.EnvNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex EnvNameRegex();

    [GeneratedRegex(RequestLimits.RegionPattern, RegexOptions.CultureInvariant)]
    private static partial Regex RegionRegex();

    private sealed class Context
    {
        public List<ValidationProblem> Problems { get; } = [];

        public TuningRequest? ReadRequest(JsonElement root)
        {
            if (!RequireObject(root, string.Empty, RequestLimits.RequestFields))
            {
                return null;
            }

            var job = ReadString(root, "job", string.Empty, required: true, JobRegex(), "must be 1-64 letters, digits, '-' or '_'") ?? string.Empty;
            var targets = ReadTargets(root);
            var objective = ReadObjective(root);
            var budget = ReadBudget(root);
            var region = ReadString(root, "region", string.Empty, required: false, RegionRegex(), "is not an AWS region name (e.g. us-east-1)");
            var maxConcurrency = ReadInt(root, "maxConcurrency", string.Empty, RequestLimits.MaxConcurrencyMin, RequestLimits.MaxConcurrencyMax) ?? TuningRequest.DefaultMaxConcurrency;
            var alerts = ReadAlerts(root);
            return new TuningRequest(job, targets, objective, budget, region, maxConcurrency, alerts);
        }

        private List<TuningTarget> ReadTargets(JsonElement root)
        {
            var result = new List<TuningTarget>();
            if (!root.TryGetProperty("targets", out var array))
            {
                Add("targets", "is required");
                return result;
            }

            if (!RequireArray(array, "targets", RequestLimits.TargetsMax))
            {
                return result;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = Invariant($"targets[{index}]");
                var target = ReadTarget(element, path);
                if (target is not null)
                {
                    var key = FunctionKey(target.Function);
                    if (key.Length > 0 && !seen.TryAdd(key, index))
                    {
                        Add(path + ".function", Invariant($"'{target.Function}' is already targets[{seen[key]}]"));
                    }

                    result.Add(target);
                }

                index++;
            }

            return result;
        }

        private TuningTarget? ReadTarget(JsonElement element, string path)
        {
            if (!RequireObject(element, path, RequestLimits.TargetFields))
            {
                return null;
            }

            var function = ReadString(element, "function", path, required: true, FunctionRegex(), "is not a function name or unqualified function ARN") ?? string.Empty;
            JsonElement? payload = element.TryGetProperty("payload", out var p) ? p.Clone() : null;
            var payloads = ReadPayloads(element, path);
            if (payload is not null && payloads is not null)
            {
                Add(path + ".payloads", "give either payload or payloads, not both");
            }

            var memory = ReadIntList(element, "memoryMb", path, RequestLimits.MemoryMbMin, RequestLimits.MemoryMbMax) ?? TuningTarget.DefaultMemoryMb;
            var batch = ReadDynamoDbBatch(element, path);
            var env = ReadEnv(element, path);
            // Cold mode publishes one version per sample: its defaults are smaller (see ColdStartVersions).
            var measure = ReadEnum(element, "measure", path, RequestLimits.MeasureModes) == "cold" ? MeasureMode.Cold : MeasureMode.Warm;
            var cold = measure == MeasureMode.Cold;
            var invocations = ReadInt(element, "invocations", path, RequestLimits.InvocationsMin, RequestLimits.InvocationsMax)
                ?? (cold ? ColdStartVersions.DefaultInvocations : TuningTarget.DefaultInvocations);
            var concurrency = ReadInt(element, "concurrency", path, RequestLimits.ConcurrencyMin, RequestLimits.ConcurrencyMax)
                ?? Math.Min(TuningTarget.DefaultConcurrency, invocations);
            if (concurrency > invocations)
            {
                Add(path + ".concurrency", Invariant($"{concurrency} is above invocations ({invocations})"));
            }

            var architecture = ReadEnum(element, "architecture", path, RequestLimits.Architectures);
            var monthly = ReadLong(element, "monthlyInvocations", path, 0, RequestLimits.MonthlyInvocationsMax);

            var cells = (long)memory.Count * (batch?.BatchSize?.Count ?? 1) * (batch?.Parallelism?.Count ?? 1);
            foreach (var values in env.Values)
            {
                cells *= Math.Max(1, values.Count);
            }

            if (cells > RequestLimits.CellsPerTargetMax)
            {
                Add(path, Invariant($"the matrix has {cells} cells, above {RequestLimits.CellsPerTargetMax}"));
            }

            var coldShare = ReadDouble(element, "coldStartShare", path, RequestLimits.ColdStartShareMin, RequestLimits.ColdStartShareMax);
            var budget = ReadInt(element, "invocationBudget", path, RequestLimits.InvocationBudgetMin, RequestLimits.InvocationBudgetMax);
            var confirm = ReadInt(element, "confirmInvocations", path, RequestLimits.ConfirmInvocationsMin, RequestLimits.ConfirmInvocationsMax)
                ?? (cold ? ColdStartVersions.DefaultConfirmInvocations : null);
            return new TuningTarget(function, payload, payloads, memory, batch, env, invocations, concurrency, architecture, monthly, coldShare, budget, confirm, measure);
        }

        private List<WeightedPayload>? ReadPayloads(JsonElement target, string targetPath)
        {
            if (!target.TryGetProperty("payloads", out var array))
            {
                return null;
            }

            var path = targetPath + ".payloads";
            if (!RequireArray(array, path, 100))
            {
                return null;
            }

            var result = new List<WeightedPayload>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var itemPath = Invariant($"{path}[{index++}]");
                if (!RequireObject(element, itemPath, ["payload", "weight"]))
                {
                    continue;
                }

                if (!element.TryGetProperty("payload", out var payload))
                {
                    Add(itemPath + ".payload", "is required");
                }

                var weight = ReadDouble(element, "weight", itemPath, 0, 1e6, exclusiveMin: true) ?? 1;
                result.Add(new WeightedPayload(payload.ValueKind == JsonValueKind.Undefined ? default : payload.Clone(), weight));
            }

            return result;
        }

        private DynamoDbBatch? ReadDynamoDbBatch(JsonElement target, string targetPath)
        {
            if (!target.TryGetProperty("dynamoDbBatch", out var element))
            {
                return null;
            }

            var path = targetPath + ".dynamoDbBatch";
            if (!RequireObject(element, path, ["batchSize", "parallelism"]))
            {
                return null;
            }

            var batchSize = ReadIntList(element, "batchSize", path, RequestLimits.BatchSizeMin, RequestLimits.BatchSizeMax);
            var parallelism = ReadIntList(element, "parallelism", path, RequestLimits.ParallelismMin, RequestLimits.ParallelismMax);
            if (!element.TryGetProperty("batchSize", out _) && !element.TryGetProperty("parallelism", out _))
            {
                Add(path, "must give batchSize, parallelism or both");
            }

            return new DynamoDbBatch(batchSize, parallelism);
        }

        private Dictionary<string, IReadOnlyList<string>> ReadEnv(JsonElement target, string targetPath)
        {
            var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (!target.TryGetProperty("env", out var element))
            {
                return result;
            }

            var path = targetPath + ".env";
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, "must be an object of NAME: [values]");
                return result;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var namePath = path + "." + property.Name;
                if (!names.Add(property.Name))
                {
                    Add(namePath, "duplicate field");
                    continue;
                }

                if (!EnvNameRegex().IsMatch(property.Name))
                {
                    Add(namePath, "is not a valid environment variable name");
                    continue;
                }

                if (property.Name.StartsWith("TUNER_DDB_", StringComparison.Ordinal))
                {
                    Add(namePath, "is set through dynamoDbBatch, not env");
                    continue;
                }

                if (RequestLimits.ReservedEnvPrefixes.Any(prefix => property.Name.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    Add(namePath, "is reserved by Lambda");
                    continue;
                }

                if (RequestLimits.CodeLoadingEnvNames.Contains(property.Name, StringComparer.OrdinalIgnoreCase)
                    || RequestLimits.CodeLoadingEnvPrefixes.Any(prefix => property.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    Add(namePath, "loads or redirects code in the runtime: Tuner never varies it");
                    continue;
                }

                if (property.Name == ColdStartVersions.Variable)
                {
                    Add(namePath, "is set by Tuner on each version it publishes in cold mode, not a knob");
                    continue;
                }

                if (RequestLimits.TunerSettingNames.Contains(property.Name, StringComparer.Ordinal))
                {
                    Add(namePath, "is a setting of Tuner's own functions, not a knob");
                    continue;
                }

                if (!RequireArray(property.Value, namePath, RequestLimits.EnvValuesMax))
                {
                    continue;
                }

                var values = new List<string>();
                var index = 0;
                foreach (var value in property.Value.EnumerateArray())
                {
                    var valuePath = Invariant($"{namePath}[{index++}]");
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        Add(valuePath, "must be a string");
                        continue;
                    }

                    var text = value.GetString()!;
                    if (values.Contains(text, StringComparer.Ordinal))
                    {
                        Add(valuePath, $"'{text}' is a duplicate");
                        continue;
                    }

                    values.Add(text);
                }

                result[property.Name] = values;
            }

            return result;
        }

        private Objective ReadObjective(JsonElement root)
        {
            if (!root.TryGetProperty("objective", out var element))
            {
                return new Objective();
            }

            const string path = "objective";
            if (!RequireObject(element, path, RequestLimits.ObjectiveFields))
            {
                return new Objective();
            }

            var strategyText = ReadEnum(element, "strategy", path, RequestLimits.Strategies);
            var strategy = strategyText switch
            {
                "speed" => ObjectiveStrategy.Speed,
                "balanced" => ObjectiveStrategy.Balanced,
                _ => ObjectiveStrategy.Cost,
            };
            var weight = ReadDouble(element, "weight", path, RequestLimits.WeightMin, RequestLimits.WeightMax);
            if (weight is not null && strategy != ObjectiveStrategy.Balanced && strategyText is not null)
            {
                Add("objective.weight", "only applies to strategy balanced");
            }

            var maxP95 = ReadDouble(element, "maxP95Ms", path, 0, 900_000, exclusiveMin: true);
            var maxErrorRate = ReadDouble(element, "maxErrorRate", path, RequestLimits.MaxErrorRateMin, RequestLimits.MaxErrorRateMax);
            return new Objective(strategy, weight, maxP95, maxErrorRate, ReadEquivalence(element));
        }

        private Equivalence? ReadEquivalence(JsonElement objective)
        {
            if (!objective.TryGetProperty("equivalence", out var element))
            {
                return null;
            }

            const string path = "objective.equivalence";
            if (!RequireObject(element, path, RequestLimits.EquivalenceFields))
            {
                return null;
            }

            var cost = ReadDouble(element, "cost", path, RequestLimits.EquivalenceMin, RequestLimits.EquivalenceMax) ?? Equivalence.DefaultCost;
            var duration = ReadDouble(element, "duration", path, RequestLimits.EquivalenceMin, RequestLimits.EquivalenceMax) ?? Equivalence.DefaultDuration;
            return new Equivalence(cost, duration);
        }

        private Budget? ReadBudget(JsonElement root)
        {
            if (!root.TryGetProperty("budget", out var element))
            {
                return null;
            }

            if (!RequireObject(element, "budget", ["maxUsd"]))
            {
                return null;
            }

            if (!element.TryGetProperty("maxUsd", out var value))
            {
                Add("budget.maxUsd", "is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var usd))
            {
                Add("budget.maxUsd", "must be a number");
                return null;
            }

            if (usd <= 0)
            {
                Add("budget.maxUsd", Invariant($"{usd} must be above 0"));
                return null;
            }

            return new Budget(usd);
        }

        private AlertThresholds ReadAlerts(JsonElement root)
        {
            if (!root.TryGetProperty("alerts", out var element))
            {
                return AlertThresholds.Default;
            }

            const string path = "alerts";
            if (!RequireObject(element, path, RequestLimits.AlertFields))
            {
                return AlertThresholds.Default;
            }

            return new AlertThresholds(
                ReadDouble(element, "durationIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultDurationIncreasePct,
                ReadDouble(element, "maxMemoryIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultMaxMemoryIncreasePct,
                ReadDouble(element, "costIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultCostIncreasePct,
                ReadDouble(element, "errorRatePct", path, 0, 100) ?? AlertThresholds.DefaultErrorRatePct);
        }

        private bool RequireObject(JsonElement element, string path, IReadOnlyList<string> allowed)
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

        private bool RequireArray(JsonElement element, string path, int maxItems)
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

        private string? ReadString(JsonElement parent, string name, string parentPath, bool required, Regex pattern, string patternMessage)
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

            if (element.ValueKind != JsonValueKind.String)
            {
                Add(path, "must be a string");
                return null;
            }

            var text = element.GetString()!;
            if (!pattern.IsMatch(text))
            {
                Add(path, $"'{text}' {patternMessage}");
                return null;
            }

            return text;
        }

        private string? ReadEnum(JsonElement parent, string name, string parentPath, IReadOnlyList<string> allowed)
        {
            var path = Join(parentPath, name);
            if (!parent.TryGetProperty(name, out var element))
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                Add(path, "must be a string");
                return null;
            }

            var text = element.GetString()!;
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                Add(path, $"'{text}' is not one of {string.Join(", ", allowed)}");
                return null;
            }

            return text;
        }

        private int? ReadInt(JsonElement parent, string name, string parentPath, int min, int max)
        {
            var value = ReadLong(parent, name, parentPath, min, max);
            return value is null ? null : (int)value.Value;
        }

        private long? ReadLong(JsonElement parent, string name, string parentPath, long min, long max) =>
            parent.TryGetProperty(name, out var element) ? CheckLong(element, Join(parentPath, name), min, max) : null;

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

        private double? ReadDouble(JsonElement parent, string name, string parentPath, double min, double max, bool exclusiveMin = false)
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

        private List<int>? ReadIntList(JsonElement parent, string name, string parentPath, int min, int max)
        {
            var path = Join(parentPath, name);
            if (!parent.TryGetProperty(name, out var array))
            {
                return null;
            }

            if (!RequireArray(array, path, 100))
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

        private void Add(string path, string message) => Problems.Add(new ValidationProblem(path, message));

        private static string Join(string parentPath, string name) => parentPath.Length == 0 ? name : parentPath + "." + name;

        private static string FunctionKey(string function)
        {
            var colon = function.LastIndexOf(':');
            return colon < 0 ? function : function[(colon + 1)..];
        }
    }
}
