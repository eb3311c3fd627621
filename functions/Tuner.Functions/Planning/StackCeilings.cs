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
    /// Targets not one invocation of which fits an Executor call (<see cref="TunerFunctions.LongestTargetTimeoutSeconds"/>):
    /// an invocation may run to the function's timeout, and past the Executor's Task timeout Lambda ends the Executor with
    /// its samples unwritten and the Map's Catch fails the whole run. Any shorter timeout is measured: the Executor starts
    /// no invocation that could end past its Task timeout (<see cref="TunerFunctions.InvocationFits"/>), returns with the
    /// samples it has, and a cell cut short is continued in the next step (the report says so). Shared with <c>tuner plan</c>.
    /// </summary>
    public static List<ValidationProblem> DeadlineProblems(TuningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var longest = TunerFunctions.LongestTargetTimeoutSeconds();
        return [.. plan.Targets
            .Where(t => t.Baseline.TimeoutSeconds > longest)
            .Select(t => new ValidationProblem(
                string.Create(CultureInfo.InvariantCulture, $"targets[{t.TargetIndex}]"),
                string.Create(CultureInfo.InvariantCulture,
                    $"{t.Baseline.FunctionName} has a timeout of {t.Baseline.TimeoutSeconds} s, longer than the {longest} s an Executor can give one invocation: its {OwnFunction.MaxTimeoutSeconds} s Task timeout less {TunerFunctions.ExecutorStartSeconds} s for its start and {TunerFunctions.ExecutorWriteSeconds} s for writing the samples; lower the function's timeout to at most {longest} s")))];
    }
}
