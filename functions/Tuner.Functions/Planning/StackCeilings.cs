using System.Globalization;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Core.Planning;
using Tuner.Core.Requests;
using Tuner.Functions.Hosting;

namespace Tuner.Functions.Planning;

/// <summary>
/// What the stack allows a plan (cdk.json, passed to the Planner as <see cref="FunctionSettings"/>): units at once,
/// invocations at once, the run's cost ceiling and default budget, and whether one invocation of each target fits an
/// Executor call.
/// </summary>
public sealed class StackCeilings(FunctionSettings settings)
{
    private readonly FunctionSettings _settings = settings;

    public int MaxConcurrencyFor(JsonElement rawRequest, TuningRequest request)
    {
        // Locally the cells share two cores: measure one at a time unless the request asks for more.
        var explicitValue = rawRequest.ValueKind == JsonValueKind.Object && rawRequest.TryGetProperty("maxConcurrency", out _);
        return !explicitValue && _settings.IsLocal ? 1 : request.MaxConcurrency;
    }

    /// <summary>
    /// The stack's ceilings (cdk.json, passed as <see cref="FunctionSettings.MaxConcurrentInvocations"/>,
    /// <see cref="FunctionSettings.MaxRunUsd"/>, <see cref="FunctionSettings.DefaultBudgetUsd"/>): invocations of the
    /// targets at once (units in parallel × the largest per-cell concurrency), the estimated upper-bound cost whatever
    /// the request's budget says, and a budget for a request without one.
    /// </summary>
    public List<ValidationProblem> CeilingProblems(TuningPlan plan, TuningRequest request, int maxConcurrency)
    {
        var problems = new List<ValidationProblem>();
        var perCell = request.Targets.Max(t => t.Concurrency);
        if (_settings.MaxConcurrentInvocations is { } ceiling && (long)maxConcurrency * perCell > ceiling)
        {
            problems.Add(new ValidationProblem(
                "maxConcurrency",
                string.Create(CultureInfo.InvariantCulture, $"{maxConcurrency} units at once × concurrency {perCell} is up to {(long)maxConcurrency * perCell} invocations at once, above the stack's {ceiling} ({FunctionSettings.MaxConcurrentInvocationsVariable}, cdk.json tuner:maxConcurrentInvocationsPerRun)")));
        }

        var cost = plan.Estimate.TotalUsd;
        if (_settings.MaxRunUsd is { } maxUsd && cost > maxUsd)
        {
            problems.Add(new ValidationProblem(
                "budget.maxUsd",
                string.Create(CultureInfo.InvariantCulture, $"the plan costs up to ${cost:0.00####}, above the stack's ceiling of ${maxUsd} per run (cdk.json tuner:maxUsdPerRun)")));
        }
        else if (request.Budget is null && _settings.DefaultBudgetUsd is { } defaultBudget && cost > defaultBudget)
        {
            problems.Add(new ValidationProblem(
                "budget.maxUsd",
                string.Create(CultureInfo.InvariantCulture, $"the request sets no budget and the plan costs up to ${cost:0.00####}, above the stack's default budget of ${defaultBudget} (cdk.json tuner:defaultBudgetUsd): set budget.maxUsd")));
        }

        return problems;
    }

    /// <summary>
    /// Targets one invocation of which can outlast the Executor's budget (<c>TUNER_EXECUTOR_SECONDS</c>), or can end past
    /// the Executor's own Task timeout when it starts just before the deadline (<see cref="TunerFunctions.LongestTargetTimeoutSeconds"/>):
    /// the Executor starts no wave after its deadline, but a wave started before it may run to the function's timeout,
    /// and past the Task timeout the Executor is ended with its samples unwritten and the Map's Catch fails the whole
    /// run. Cells whose invocations × timeout exceed the budget are fine: a cell cut short at the deadline is continued
    /// in the next step (the report says so).
    /// </summary>
    public List<ValidationProblem> DeadlineProblems(TuningPlan plan)
    {
        var budget = (int)_settings.ExecutorBudget.TotalSeconds;
        var longest = TunerFunctions.LongestTargetTimeoutSeconds(budget);
        return [.. plan.Targets
            .Where(t => t.Baseline.TimeoutSeconds > longest)
            .Select(t => new ValidationProblem($"targets[{t.TargetIndex}]", DeadlineProblem(t.Baseline.FunctionName, t.Baseline.TimeoutSeconds, budget)))];
    }

    /// <summary>Why a target with <paramref name="timeoutSeconds"/> cannot be measured by an Executor with deadline <paramref name="budget"/> (shared with <c>tuner plan</c>).</summary>
    public static string DeadlineProblem(string function, int timeoutSeconds, int budget) => timeoutSeconds > budget
        ? string.Create(CultureInfo.InvariantCulture,
            $"{function} has a timeout of {timeoutSeconds} s, longer than the Executor's budget of {budget} s ({FunctionSettings.ExecutorSecondsVariable}): one invocation could outlast an Executor call; lower the function's timeout to at most {TunerFunctions.LongestTargetTimeoutSeconds(budget)} s")
        : string.Create(CultureInfo.InvariantCulture,
            $"{function} has a timeout of {timeoutSeconds} s, longer than the {TunerFunctions.LongestTargetTimeoutSeconds(budget)} s an Executor can give one invocation: a wave it starts just before its deadline ({budget} s, {FunctionSettings.ExecutorSecondsVariable}) must end, and its {TunerFunctions.ExecutorWriteSeconds} s of sample writes too, within its {OwnFunction.MaxTimeoutSeconds} s timeout; lower the function's timeout to at most {TunerFunctions.LongestTargetTimeoutSeconds(budget)} s");
}
