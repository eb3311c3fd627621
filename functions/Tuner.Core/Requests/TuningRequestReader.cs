using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tuner.Core.Serialization;
using static System.FormattableString;

namespace Tuner.Core.Requests;

/// <summary>
/// Reads a tuning request from JSON and validates it in the same pass, so every problem comes with its exact path
/// (<c>targets[0].memoryMb[2]: 12000 is above 10240</c>) and all problems are returned at once: wrong types,
/// missing and unknown fields, out-of-range values, duplicates and empty matrices.
/// Budget checks need the plan and are done by the planner. The request's top level lives here, its targets in
/// <see cref="TuningTargetReader"/>; <see cref="JsonFieldReader"/> checks the JSON shapes, <see cref="RequestLimits"/>
/// holds the bounds (and <c>examples/request.schema.json</c> states them again, tested equal).
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
            var fields = new JsonFieldReader();
            var request = ReadRequest(fields, document.RootElement);
            return fields.Problems.Count == 0 ? new RequestReadResult(request, []) : new RequestReadResult(null, fields.Problems);
        }
    }

    private static TuningRequest? ReadRequest(JsonFieldReader fields, JsonElement root)
    {
        if (!fields.RequireObject(root, string.Empty, RequestLimits.RequestFields))
        {
            return null;
        }

        var job = fields.ReadString(root, "job", string.Empty, required: true, JobRegex(), "must be 1-64 letters, digits, '-' or '_'") ?? string.Empty;
        var targets = TuningTargetReader.ReadTargets(fields, root);
        var objective = ReadObjective(fields, root);
        var budget = ReadBudget(fields, root);
        var region = fields.ReadString(root, "region", string.Empty, required: false, RegionRegex(), "is not an AWS region name (e.g. us-east-1)");
        var maxConcurrency = fields.ReadInt(root, "maxConcurrency", string.Empty, RequestLimits.MaxConcurrencyMin, RequestLimits.MaxConcurrencyMax) ?? TuningRequest.DefaultMaxConcurrency;
        var alerts = ReadAlerts(fields, root);
        return new TuningRequest(job, targets, objective, budget, region, maxConcurrency, alerts);
    }

    private static Objective ReadObjective(JsonFieldReader fields, JsonElement root)
    {
        if (!root.TryGetProperty("objective", out var element))
        {
            return new Objective();
        }

        const string path = "objective";
        if (!fields.RequireObject(element, path, RequestLimits.ObjectiveFields))
        {
            return new Objective();
        }

        var strategyText = fields.ReadEnum(element, "strategy", path, RequestLimits.Strategies);
        var strategy = strategyText switch
        {
            "speed" => ObjectiveStrategy.Speed,
            "balanced" => ObjectiveStrategy.Balanced,
            _ => ObjectiveStrategy.Cost,
        };
        var weight = fields.ReadDouble(element, "weight", path, RequestLimits.WeightMin, RequestLimits.WeightMax);
        if (weight is not null && strategy != ObjectiveStrategy.Balanced && strategyText is not null)
        {
            fields.Add("objective.weight", "only applies to strategy balanced");
        }

        var maxP95 = fields.ReadDouble(element, "maxP95Ms", path, 0, 900_000, exclusiveMin: true);
        var maxErrorRate = fields.ReadDouble(element, "maxErrorRate", path, RequestLimits.MaxErrorRateMin, RequestLimits.MaxErrorRateMax);
        return new Objective(strategy, weight, maxP95, maxErrorRate, ReadEquivalence(fields, element));
    }

    private static Equivalence? ReadEquivalence(JsonFieldReader fields, JsonElement objective)
    {
        if (!objective.TryGetProperty("equivalence", out var element))
        {
            return null;
        }

        const string path = "objective.equivalence";
        if (!fields.RequireObject(element, path, RequestLimits.EquivalenceFields))
        {
            return null;
        }

        var cost = fields.ReadDouble(element, "cost", path, RequestLimits.EquivalenceMin, RequestLimits.EquivalenceMax) ?? Equivalence.DefaultCost;
        var duration = fields.ReadDouble(element, "duration", path, RequestLimits.EquivalenceMin, RequestLimits.EquivalenceMax) ?? Equivalence.DefaultDuration;
        return new Equivalence(cost, duration);
    }

    private static Budget? ReadBudget(JsonFieldReader fields, JsonElement root)
    {
        if (!root.TryGetProperty("budget", out var element))
        {
            return null;
        }

        if (!fields.RequireObject(element, "budget", ["maxUsd"]))
        {
            return null;
        }

        if (!element.TryGetProperty("maxUsd", out var value))
        {
            fields.Add("budget.maxUsd", "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var usd))
        {
            fields.Add("budget.maxUsd", "must be a number");
            return null;
        }

        if (usd <= 0)
        {
            fields.Add("budget.maxUsd", Invariant($"{usd} must be above 0"));
            return null;
        }

        return new Budget(usd);
    }

    private static AlertThresholds ReadAlerts(JsonFieldReader fields, JsonElement root)
    {
        if (!root.TryGetProperty("alerts", out var element))
        {
            return AlertThresholds.Default;
        }

        const string path = "alerts";
        if (!fields.RequireObject(element, path, RequestLimits.AlertFields))
        {
            return AlertThresholds.Default;
        }

        return new AlertThresholds(
            fields.ReadDouble(element, "durationIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultDurationIncreasePct,
            fields.ReadDouble(element, "maxMemoryIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultMaxMemoryIncreasePct,
            fields.ReadDouble(element, "costIncreasePct", path, 0, RequestLimits.AlertPctMax) ?? AlertThresholds.DefaultCostIncreasePct,
            fields.ReadDouble(element, "errorRatePct", path, 0, 100) ?? AlertThresholds.DefaultErrorRatePct);
    }

    [GeneratedRegex(RequestLimits.JobPattern, RegexOptions.CultureInvariant)]
    private static partial Regex JobRegex();

    [GeneratedRegex(RequestLimits.RegionPattern, RegexOptions.CultureInvariant)]
    private static partial Regex RegionRegex();
}
