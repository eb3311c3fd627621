using System.Globalization;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;

namespace Tuner.Functions.Planning;

/// <summary>
/// The Planner's checks of the targets before anything is changed: ARNs Tuner cannot reach through its own region's
/// endpoint, then each target's configuration read by name — missing, not allowed (the allow policy), in another
/// account, or with an environment Lambda could not return — every problem with its path, all refused together.
/// </summary>
public sealed class TargetAdmission(ILambdaApi lambda, FunctionSettings settings)
{
    private readonly ILambdaApi _lambda = lambda;
    private readonly FunctionSettings _settings = settings;

    /// <summary>
    /// The targets' names, after refusing ARNs of another partition or region: Tuner changes functions only through
    /// its own region's endpoint, and reducing such an ARN to its name would change a same-named function of its own.
    /// </summary>
    public List<FunctionReference> RefuseForeignArns(TuningRequest request)
    {
        var references = request.Targets.Select(t => FunctionReference.Parse(t.Function)).ToList();
        var problems = references
            .Select((reference, i) => (reference, i))
            .Where(r => r.reference.RefusalFor(_settings.Region) is not null)
            .Select(r => new ValidationProblem(
                string.Create(CultureInfo.InvariantCulture, $"targets[{r.i}].function"),
                $"{request.Targets[r.i].Function} {r.reference.RefusalFor(_settings.Region)}"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request names functions Tuner cannot reach, nothing was changed", problems));
        }

        return references;
    }

    public async Task<List<FunctionConfiguration>> ReadTargetsAsync(TuningRequest request, IReadOnlyList<FunctionReference> references, CancellationToken cancellationToken)
    {
        var policy = new AllowPolicy(_lambda, _settings.AllowedFunctions);
        var current = new List<FunctionConfiguration>();
        var missing = new List<ValidationProblem>();
        var refused = new List<string>();
        var unsafeTargets = new List<string>();
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var function = references[i].Name;
            FunctionConfiguration configuration;
            try
            {
                // By name: the endpoint and credentials are Tuner's own, so this is the function every later change reaches.
                configuration = await _lambda.GetFunctionConfigurationAsync(function, null, cancellationToken);
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                missing.Add(new ValidationProblem(string.Create(CultureInfo.InvariantCulture, $"targets[{i}].function"), $"function '{function}' was not found"));
                continue;
            }
            catch (LambdaApiException e) when (AllowPolicy.IsAccessDenied(e))
            {
                refused.Add(string.Create(CultureInfo.InvariantCulture, $"targets[{i}].function: {AllowPolicy.DeniedReason(function, "reading its configuration", e)}"));
                continue;
            }
            catch (LambdaApiException e) when (e.IsTransient)
            {
                throw new TransientDependencyException($"reading the configuration of {function} failed: {e.Message}", e);
            }

            var path = string.Create(CultureInfo.InvariantCulture, $"targets[{i}]");
            if (references[i].AccountRefusalFor(configuration.FunctionArn) is { } otherAccount)
            {
                refused.Add($"{path}.function: {request.Targets[i].Function} {otherAccount}");
                continue;
            }

            if (configuration.EnvironmentError is { } environmentError)
            {
                unsafeTargets.Add($"{path}.function: Lambda could not return the environment variables of {function} ({environmentError}); Tuner would record them as empty and wipe them on restore");
                continue;
            }

            if (await policy.CheckAsync(configuration, request.Targets[i].Env.Keys, path, cancellationToken) is { } reasons)
            {
                refused.AddRange(reasons);
            }

            current.Add(configuration);
        }

        if (missing.Count > 0)
        {
            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request names functions that do not exist", missing));
        }

        if (refused.Count > 0)
        {
            throw new FunctionNotAllowedException("refusing to tune functions that are not allowed, nothing was changed: " + string.Join("; ", refused));
        }

        if (unsafeTargets.Count > 0)
        {
            throw new UnreadableConfigurationException("refusing to tune functions Tuner could not read whole, nothing was changed: " + string.Join("; ", unsafeTargets));
        }

        return current;
    }
}
