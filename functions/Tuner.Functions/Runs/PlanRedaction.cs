using Tuner.Contracts;
using Tuner.Core.Planning;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Runs;

/// <summary>
/// Splits a run's document into what the bucket's <see cref="BucketKeys.RunsPrefix"/> prefix may hold and what only the Planner and the Cleaner
/// may read. <c>plan.json</c> keeps, of each baseline and each planned version's environment, only the run's knobs (the
/// variables its cells vary, the DynamoDB batch knobs, the cold-start marker); the whole baselines go to
/// <see cref="BucketKeys.Baselines"/>, and <see cref="Rehydrate"/> puts them
/// back. A version's other variables are the baseline's by construction, so nothing is lost.
/// </summary>
internal static class PlanRedaction
{
    /// <summary><paramref name="full"/> with every environment cut down to the knobs, naming where the baselines are.</summary>
    public static RunDocument Redact(RunDocument full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var plan = full.Plan;
        return full with
        {
            Baselines = [.. full.Baselines.Select((b, i) => b with { Environment = Keep(b.Environment, KnobsOf(plan, b.FunctionName, i)) })],
            Plan = plan is null ? null : plan with
            {
                Targets = [.. plan.Targets.Select(t =>
                {
                    var knobs = KnobsOf(t);
                    return t with
                    {
                        Baseline = t.Baseline with { Environment = Keep(t.Baseline.Environment, knobs) },
                        Versions = [.. t.Versions.Select(v => v with { Environment = Keep(v.Environment, knobs) })],
                    };
                })],
            },
            BaselinesKey = BucketKeys.Baselines(full.RunId),
        };
    }

    /// <summary>The whole document again from a redacted one and the baselines it was cut from.</summary>
    /// <exception cref="InvalidStateInputException">The baselines are not those of this plan's targets.</exception>
    public static RunDocument Rehydrate(RunDocument redacted, IReadOnlyList<BaselineConfiguration> baselines)
    {
        ArgumentNullException.ThrowIfNull(redacted);
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Count != redacted.Baselines.Count
            || baselines.Where((b, i) => b.FunctionName != redacted.Baselines[i].FunctionName).Any())
        {
            throw new InvalidStateInputException($"{redacted.BaselinesKey} does not hold the baselines of {BucketKeys.Plan(redacted.RunId)}'s targets");
        }

        var plan = redacted.Plan;
        return redacted with
        {
            Baselines = baselines,
            Plan = plan is null ? null : plan with
            {
                Targets = [.. plan.Targets.Select(t =>
                {
                    var baseline = baselines.FirstOrDefault(b => b.FunctionName == t.Baseline.FunctionName)
                        ?? throw new InvalidStateInputException($"{redacted.BaselinesKey} has no baseline of {t.Baseline.FunctionName}");
                    var knobs = KnobsOf(t);
                    return t with
                    {
                        Baseline = baseline,
                        Versions = [.. t.Versions.Select(v => v with { Environment = Merge(baseline.Environment, v.Environment, knobs) })],
                    };
                })],
            },
            BaselinesKey = null,
        };
    }

    /// <summary>The variables a target's run varies: its cells' env knobs, the DynamoDB batch knobs, the cold-start marker.</summary>
    public static HashSet<string> KnobsOf(TargetPlan target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var knobs = new HashSet<string>(StringComparer.Ordinal) { TuningPlanner.BatchSizeVariable, TuningPlanner.ParallelismVariable, ColdStartVersions.Variable };
        knobs.UnionWith(target.Cells.SelectMany(c => c.Env.Keys));
        return knobs;
    }

    private static HashSet<string> KnobsOf(TuningPlan? plan, string function, int index) =>
        plan?.Targets.FirstOrDefault(t => t.Baseline.FunctionName == function) is { } target
            ? KnobsOf(target)
            : plan?.Targets.ElementAtOrDefault(index) is { } byIndex ? KnobsOf(byIndex) : [TuningPlanner.BatchSizeVariable, TuningPlanner.ParallelismVariable, ColdStartVersions.Variable];

    private static Dictionary<string, string> Keep(IReadOnlyDictionary<string, string> environment, HashSet<string> knobs) =>
        environment.Where(kv => knobs.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> baseline, IReadOnlyDictionary<string, string> knobValues, HashSet<string> knobs)
    {
        var environment = baseline.Where(kv => !knobs.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (name, value) in knobValues)
        {
            environment[name] = value;
        }

        return environment;
    }
}
