using System.Globalization;
using Tuner.Contracts;
using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Functions;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;

namespace Tuner.Cli.Plan;

/// <summary>
/// Expands a valid request as the Planner would, reading each target's configuration and tags through
/// <see cref="ILambdaApi"/>'s read calls only (the registry locally, GetFunctionConfiguration and ListTags on AWS), and
/// collects every refusal the Planner would make before it changes anything: functions of another region or account,
/// missing or unreadable functions, functions or knobs not allowed, no prices, over budget, a timeout longer than the
/// Executor's budget, more cells than one run measures.
/// </summary>
internal static class PlanPreviewer
{
    public static async Task<PlanPreview> PreviewAsync(
        TuningRequest request, ILambdaApi lambda, string region, IReadOnlySet<string> allowList, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lambda);
        var problems = new List<ValidationProblem>();
        var current = new List<FunctionConfiguration>();
        var policy = new AllowPolicy(lambda, allowList);
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"targets[{i}]");
            var reference = FunctionReference.Parse(request.Targets[i].Function);
            if (reference.RefusalFor(region) is { } foreign)
            {
                problems.Add(new ValidationProblem(path + ".function", $"{request.Targets[i].Function} {foreign}"));
                continue;
            }

            FunctionConfiguration configuration;
            try
            {
                configuration = await lambda.GetFunctionConfigurationAsync(reference.Name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                problems.Add(new ValidationProblem(path + ".function", $"function '{reference.Name}' was not found"));
                continue;
            }
            catch (LambdaApiException e) when (AllowPolicy.IsAccessDenied(e))
            {
                problems.Add(new ValidationProblem(path + ".function", AllowPolicy.DeniedReason(reference.Name, "reading its configuration", e)));
                continue;
            }

            if (reference.AccountRefusalFor(configuration.FunctionArn) is { } otherAccount)
            {
                problems.Add(new ValidationProblem(path + ".function", $"{request.Targets[i].Function} {otherAccount}"));
                continue;
            }

            if (configuration.EnvironmentError is { } environmentError)
            {
                problems.Add(new ValidationProblem(path + ".function", $"Lambda could not return the environment variables of {reference.Name} ({environmentError}): the Planner refuses it"));
                continue;
            }

            foreach (var reason in await policy.CheckAsync(configuration, request.Targets[i].Env.Keys, path, cancellationToken).ConfigureAwait(false) ?? [])
            {
                problems.Add(Split(reason));
            }

            current.Add(configuration);
        }

        if (current.Count != request.Targets.Count)
        {
            return new PlanPreview(request, region, null, [], problems);
        }

        var planned = TuningPlanner.Plan(request, current, PricingCatalog.Default, region);
        problems.AddRange(planned.Problems);
        if (planned.Plan is null)
        {
            // Over budget or without prices: expanded anyway without the budget, so the cells and the cost still show.
            var unbudgeted = TuningPlanner.Plan(request with { Budget = null }, current, PricingCatalog.Default, region);
            return new PlanPreview(request, region, unbudgeted.Plan, Sampling(request, unbudgeted.Plan), problems);
        }

        var plan = planned.Plan;
        problems.AddRange(Tuner.Functions.Planning.StackCeilings.DeadlineProblems(plan));

        var cells = plan.AllCells.Count();
        if (cells > Planner.MaxCells)
        {
            problems.Add(new ValidationProblem("targets", string.Create(CultureInfo.InvariantCulture, $"the request expands to {cells} cells, above {Planner.MaxCells} per run: measure fewer tiers or knob values")));
        }

        return new PlanPreview(request, region, plan, Sampling(request, plan), problems);
    }

    private static List<SamplingPolicy> Sampling(TuningRequest request, TuningPlan? plan) =>
        plan is null ? [] : [.. plan.Targets.Select(t => SamplingPolicy.For(request.Targets[t.TargetIndex], t.Cells.Count))];

    /// <summary>AllowPolicy's "path: reason" as a problem with its path.</summary>
    private static ValidationProblem Split(string reason)
    {
        var colon = reason.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !reason[..colon].Contains(' ', StringComparison.Ordinal)
            ? new ValidationProblem(reason[..colon], reason[(colon + 2)..])
            : new ValidationProblem(string.Empty, reason);
    }
}
