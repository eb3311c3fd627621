using System.Globalization;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using static System.FormattableString;

namespace Tuner.Core.Planning;

/// <summary>
/// Expands a validated request into cells (memory × batch size × parallelism × env knobs, baseline first; the grid's
/// copy of the current configuration, if any, is the baseline cell and not measured twice), the
/// versions to publish (one per memory/environment combination) and an upper-bound cost of the run. Refuses
/// plans over <c>budget.maxUsd</c> and targets without prices.
/// </summary>
public static class TuningPlanner
{
    public const string BatchSizeVariable = "TUNER_DDB_BATCH_SIZE";
    public const string ParallelismVariable = "TUNER_DDB_PARALLELISM";

    /// <param name="request">A request <see cref="TuningRequestReader"/> accepted.</param>
    /// <param name="currentConfigurations">Each target's configuration now (same order as <c>request.Targets</c>).</param>
    /// <param name="catalog">Prices.</param>
    /// <param name="runRegion">The region the run executes in, used when the request has no <c>region</c>.</param>
    /// <param name="options">Cost-estimate assumptions; <see cref="PlanOptions.Default"/> when null.</param>
    public static PlanResult Plan(
        TuningRequest request,
        IReadOnlyList<FunctionConfiguration> currentConfigurations,
        PricingCatalog catalog,
        string runRegion,
        PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(currentConfigurations);
        ArgumentNullException.ThrowIfNull(catalog);
        if (currentConfigurations.Count != request.Targets.Count)
        {
            throw new ArgumentException("one current configuration per target is required", nameof(currentConfigurations));
        }

        options ??= PlanOptions.Default;
        var problems = new List<ValidationProblem>();
        var region = request.Region ?? runRegion;
        var targets = new List<TargetPlan>();
        var compute = 0m;
        var requests = 0m;
        var invocations = 0L;
        var cellCount = 0L;
        var transitionPrice = 0m;
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var target = request.Targets[i];
            var current = currentConfigurations[i];
            var architecture = target.Architecture ?? current.Architecture;
            if (!catalog.TryGet(region, architecture, out var prices))
            {
                problems.Add(new ValidationProblem(
                    request.Region is null ? Invariant($"targets[{i}]") : "region",
                    $"no prices for region '{region}' and architecture '{architecture}' (known regions: {string.Join(", ", catalog.Regions)})"));
                continue;
            }

            var plan = PlanTarget(i, target, current, architecture);
            foreach (var version in plan.Versions.Where(v => !v.IsBaseline))
            {
                var bytes = version.Environment.Sum(kv => System.Text.Encoding.UTF8.GetByteCount(kv.Key) + System.Text.Encoding.UTF8.GetByteCount(kv.Value));
                if (bytes > RequestLimits.EnvironmentBytesMax)
                {
                    problems.Add(new ValidationProblem(
                        Invariant($"targets[{i}].env"),
                        Invariant($"cell {version.Key} would give the function {bytes} bytes of environment variables, above Lambda's {RequestLimits.EnvironmentBytesMax}")));
                    break;
                }
            }

            targets.Add(plan);
            transitionPrice = Math.Max(transitionPrice, prices.UsdPerTransition);
            var executorPrices = catalog.TryGet(region, options.ExecutorArchitecture, out var e) ? e : prices;
            // Staged sampling measures at most the target's budget (every stage, confirmation included), each invocation
            // bounded here by the largest memory of the grid, plus one warm-up wave per cell.
            var policy = Decisions.SamplingPolicy.For(target, plan.Cells.Count);
            var timeout = (decimal)current.TimeoutSeconds;
            var largestGb = plan.Cells.Max(c => c.MemoryMb) / 1024m;
            var measured = (long)policy.Budget;
            compute += measured * timeout * largestGb * prices.UsdPerGbSecond;
            var warmUps = 0L;
            foreach (var cell in plan.Cells)
            {
                var gb = cell.MemoryMb / 1024m;
                compute += cell.Concurrency * (timeout + (prices.InitBilled ? options.MaxInitSeconds : 0)) * gb * prices.UsdPerGbSecond;
                warmUps += cell.Concurrency;
                cellCount++;
            }

            var waves = ((measured + warmUps) / policy.Concurrency) + plan.Cells.Count;
            compute += waves * (timeout + options.MaxInitSeconds) * (options.ExecutorMemoryMb / 1024m) * executorPrices.UsdPerGbSecond;
            requests += (measured + warmUps + plan.Cells.Count) * prices.UsdPerRequest;
            invocations += measured + warmUps;
        }

        var transitions = (cellCount * options.TransitionsPerCell) + options.FixedTransitions;
        var stepFunctions = transitions * transitionPrice;
        var estimate = new PlanCostEstimate(
            Round(compute + requests + stepFunctions),
            Round(compute),
            Round(requests),
            Round(stepFunctions),
            invocations,
            transitions,
            options.TransitionsPerCell,
            options.FixedTransitions,
            [
                "the target's invocation budget (all stages, confirmation included) billed at the grid's largest memory for the function's full timeout, plus one warm-up wave per cell with a maximal INIT",
                Invariant($"the Executor ({options.ExecutorMemoryMb} MB {options.ExecutorArchitecture}) runs for every wave for the full timeout, and once more per cell"),
                Invariant($"{options.TransitionsPerCell} state transitions per cell and {options.FixedTransitions} per run"),
                "the targets' own DynamoDB writes and S3 requests are not included (unknown before measuring)",
                "compute priced at the first monthly tier",
            ]);

        if (request.Budget is { } budget && estimate.TotalUsd > budget.MaxUsd)
        {
            problems.Add(new ValidationProblem(
                "budget.maxUsd",
                Invariant($"the plan costs up to ${estimate.TotalUsd:0.00####}, above {budget.MaxUsd} ({invocations} invocations in {cellCount} cells)")));
        }

        return problems.Count == 0 ? new PlanResult(new TuningPlan(targets, estimate), []) : new PlanResult(null, problems);
    }

    private static TargetPlan PlanTarget(int index, TuningTarget target, FunctionConfiguration current, string architecture)
    {
        var baseline = new BaselineConfiguration(
            current.FunctionName,
            current.FunctionArn,
            current.MemorySizeMb,
            current.TimeoutSeconds,
            current.Architecture,
            current.Runtime,
            new SortedDictionary<string, string>(current.Environment.ToDictionary(), StringComparer.Ordinal));
        var cells = new List<PlanCell>();
        var versions = new List<PlannedVersion>();

        var baselineId = CellIds.Baseline(index);
        var baselineKnobs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in target.Env.Keys.Append(BatchSizeVariable).Append(ParallelismVariable))
        {
            if (current.Environment.TryGetValue(name, out var value))
            {
                baselineKnobs[name] = value;
            }
        }

        cells.Add(new PlanCell(
            baselineId,
            index,
            current.FunctionName,
            current.MemorySizeMb,
            IntOrNull(baselineKnobs, BatchSizeVariable),
            IntOrNull(baselineKnobs, ParallelismVariable),
            baselineKnobs,
            IsBaseline: true,
            baselineId,
            target.Invocations,
            target.Concurrency));
        versions.Add(new PlannedVersion(baselineId, index, current.FunctionName, current.MemorySizeMb, baseline.Environment, [baselineId], IsBaseline: true));

        IReadOnlyList<int?> batchSizes = target.DynamoDbBatch?.BatchSize is { Count: > 0 } b ? [.. b.Select(x => (int?)x)] : [null];
        IReadOnlyList<int?> parallelisms = target.DynamoDbBatch?.Parallelism is { Count: > 0 } p ? [.. p.Select(x => (int?)x)] : [null];
        var envCombinations = EnvCombinations(target.Env);
        foreach (var memory in target.MemoryMb)
        {
            foreach (var batchSize in batchSizes)
            {
                foreach (var parallelism in parallelisms)
                {
                    foreach (var otherEnv in envCombinations)
                    {
                        var knobs = new SortedDictionary<string, string>(otherEnv.ToDictionary(), StringComparer.Ordinal);
                        if (batchSize is { } bs)
                        {
                            knobs[BatchSizeVariable] = bs.ToString(CultureInfo.InvariantCulture);
                        }

                        if (parallelism is { } ps)
                        {
                            knobs[ParallelismVariable] = ps.ToString(CultureInfo.InvariantCulture);
                        }

                        if (IsBaselineConfiguration(memory, knobs, baseline))
                        {
                            // One configuration, one cell: the grid's copy of the current configuration is the baseline.
                            continue;
                        }

                        var id = CellIds.For(index, memory, batchSize, parallelism, otherEnv);
                        var environment = new SortedDictionary<string, string>(baseline.Environment.ToDictionary(), StringComparer.Ordinal);
                        foreach (var (name, value) in knobs)
                        {
                            environment[name] = value;
                        }

                        cells.Add(new PlanCell(
                            id,
                            index,
                            current.FunctionName,
                            memory,
                            batchSize ?? IntOrNull(baseline.Environment, BatchSizeVariable),
                            parallelism ?? IntOrNull(baseline.Environment, ParallelismVariable),
                            knobs,
                            IsBaseline: false,
                            id,
                            target.Invocations,
                            target.Concurrency));
                        versions.Add(new PlannedVersion(id, index, current.FunctionName, memory, environment, [id], IsBaseline: false));
                    }
                }
            }
        }

        return new TargetPlan(index, current.FunctionName, architecture, baseline, cells, versions);
    }

    /// <summary>
    /// True when a grid cell would run exactly the current configuration: the same memory, and every knob it sets already
    /// has that value in the function's environment (a knob the function does not set is not assumed to equal its default).
    /// </summary>
    private static bool IsBaselineConfiguration(int memoryMb, IReadOnlyDictionary<string, string> knobs, BaselineConfiguration baseline) =>
        memoryMb == baseline.MemoryMb
        && knobs.All(k => baseline.Environment.TryGetValue(k.Key, out var value) && string.Equals(value, k.Value, StringComparison.Ordinal));

    private static List<IReadOnlyDictionary<string, string>> EnvCombinations(IReadOnlyDictionary<string, IReadOnlyList<string>> env)
    {
        var combinations = new List<IReadOnlyDictionary<string, string>> { new SortedDictionary<string, string>(StringComparer.Ordinal) };
        foreach (var (name, values) in env.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (values.Count == 0)
            {
                continue;
            }

            var next = new List<IReadOnlyDictionary<string, string>>();
            foreach (var combination in combinations)
            {
                foreach (var value in values)
                {
                    next.Add(new SortedDictionary<string, string>(combination.ToDictionary(), StringComparer.Ordinal) { [name] = value });
                }
            }

            combinations = next;
        }

        return combinations;
    }

    private static int? IntOrNull(IReadOnlyDictionary<string, string> env, string name) =>
        env.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static decimal Round(decimal usd) => Math.Round(usd, 6, MidpointRounding.AwayFromZero);
}
