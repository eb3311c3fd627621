using System.Globalization;
using Tuner.Contracts;
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
    public const string BatchSizeVariable = TunerEnvironment.DynamoDbBatch.BatchSize;
    public const string ParallelismVariable = TunerEnvironment.DynamoDbBatch.Parallelism;

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
        var coldVersions = 0L;
        var coldTargets = new List<string>();
        var versionCount = 0L;
        var measureSeconds = 0d;
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

            // The estimate bounds what the run costs where it runs: the function's own region and architecture. The
            // request's region and architecture (what the report prices for) may only raise it, never lower it.
            if (catalog.TryGet(runRegion, current.Architecture, out var actual) && actual.UsdPerGbSecond > prices.UsdPerGbSecond)
            {
                prices = actual;
            }

            var plan = PlanTarget(i, target, current, architecture);
            var cold = target.Measure == MeasureMode.Cold;
            if (cold)
            {
                var perCell = ColdStartVersions.PerCell(target, plan.Cells.Count);
                if (perCell > ColdStartVersions.MaxPerCell)
                {
                    var sampling = Decisions.SamplingPolicy.For(target, plan.Cells.Count);
                    problems.Add(new ValidationProblem(
                        Invariant($"targets[{i}].invocations"),
                        Invariant($"cold mode publishes one version per cold sample: each cell would need {perCell} (invocations {sampling.Ceiling} + confirmInvocations {sampling.Confirm}), above {ColdStartVersions.MaxPerCell}; lower invocations or confirmInvocations")));
                }

                plan = ColdPlan(plan, Math.Min(perCell, ColdStartVersions.MaxPerCell));
                coldVersions += (long)perCell * plan.Cells.Count;
                coldTargets.Add(Invariant($"targets[{i}]: {plan.Cells.Count} cells × {perCell}"));
            }

            // The baseline's own version changes nothing, except in cold mode (the variable is added to every version).
            foreach (var version in plan.Versions.Where(v => !v.IsBaseline || v.ColdSample is not null))
            {
                var bytes = version.Environment.Sum(kv => System.Text.Encoding.UTF8.GetByteCount(kv.Key) + System.Text.Encoding.UTF8.GetByteCount(kv.Value))
                    + (version.ColdSample is { } k ? ColdStartVersions.MaxBytes(version.CellIds[0], k) : 0);
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
            // Cold mode: every measured invocation is a cold start (a maximal INIT each, billed where INIT is), no warm-up,
            // and never more invocations than versions published.
            var measured = cold ? Math.Min(policy.Budget, plan.Versions.Count) : (long)policy.Budget;
            var initSeconds = prices.InitBilled ? options.MaxInitSeconds : 0;
            compute += measured * (timeout + (cold ? initSeconds : 0)) * largestGb * prices.UsdPerGbSecond;
            var warmUps = 0L;
            foreach (var cell in plan.Cells)
            {
                var gb = cell.MemoryMb / 1024m;
                if (!cold)
                {
                    compute += cell.Concurrency * (timeout + initSeconds) * gb * prices.UsdPerGbSecond;
                    warmUps += cell.Concurrency;
                }

                cellCount++;
            }

            var waves = ((measured + warmUps) / policy.Concurrency) + plan.Cells.Count;
            compute += waves * (timeout + options.MaxInitSeconds) * (options.ExecutorMemoryMb / 1024m) * executorPrices.UsdPerGbSecond;
            versionCount += plan.Versions.Count;
            measureSeconds += waves * (double)(timeout + options.MaxInitSeconds);
            requests += (measured + warmUps + plan.Cells.Count) * prices.UsdPerRequest;
            invocations += measured + warmUps;
        }

        if (coldVersions > ColdStartVersions.MaxPerRun)
        {
            problems.Add(new ValidationProblem(
                "targets",
                Invariant($"cold mode would publish {coldVersions} versions ({string.Join(", ", coldTargets)}), above {ColdStartVersions.MaxPerRun} per run: measure fewer memory tiers or knob values, or lower invocations or confirmInvocations")));
        }

        var transitions = (cellCount * options.TransitionsPerCell) + options.FixedTransitions;
        var stepFunctions = transitions * transitionPrice;
        List<string> assumptions =
        [
            "the target's invocation budget (all stages, confirmation included) billed at the grid's largest memory for the function's full timeout, plus one warm-up wave per cell with a maximal INIT",
            Invariant($"the Executor ({options.ExecutorMemoryMb} MB {options.ExecutorArchitecture}) runs for every wave for the full timeout, and once more per cell"),
            Invariant($"{options.TransitionsPerCell} state transitions per cell and {options.FixedTransitions} per run"),
            "the targets' own DynamoDB writes and S3 requests are not included (unknown before measuring)",
            "compute priced at the first monthly tier",
            Invariant($"wall time at most: publishing every version one after the other (assumed {ColdStartVersions.PublishSecondsPerVersion:0} s each on AWS), then every wave for the full timeout and a maximal INIT, one unit at a time"),
        ];
        if (coldTargets.Count > 0)
        {
            assumptions.Add("cold mode (measure: cold): one version per cold sample; each measured invocation is a cold start billed with a maximal INIT, without warm-up, and there are never more of them than versions");
        }

        var estimate = new PlanCostEstimate(
            Round(compute + requests + stepFunctions),
            Round(compute),
            Round(requests),
            Round(stepFunctions),
            invocations,
            transitions,
            options.TransitionsPerCell,
            options.FixedTransitions,
            assumptions,
            versionCount,
            versionCount * ColdStartVersions.PublishSecondsPerVersion,
            measureSeconds);

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
            new SortedDictionary<string, string>(current.Environment.ToDictionary(), StringComparer.Ordinal),
            current.RevisionId,
            current.CodeSha256);
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
    /// The cold-mode plan of a target: each cell's version replaced by <paramref name="perCell"/> versions, one per cold
    /// sample (<see cref="ColdStartVersions"/>); a cell's <see cref="PlanCell.VersionKey"/> is its first.
    /// </summary>
    private static TargetPlan ColdPlan(TargetPlan plan, int perCell)
    {
        var versions = new List<PlannedVersion>();
        var cells = new List<PlanCell>();
        foreach (var cell in plan.Cells)
        {
            var version = plan.Versions.First(v => v.Key == cell.VersionKey);
            for (var k = 1; k <= perCell; k++)
            {
                versions.Add(version with { Key = ColdStartVersions.Key(cell.Id, k), CellIds = [cell.Id], ColdSample = k });
            }

            cells.Add(cell with { VersionKey = ColdStartVersions.Key(cell.Id, 1) });
        }

        return plan with { Cells = cells, Versions = versions };
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
