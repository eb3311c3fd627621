using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Cleaner</c> state, on success and from every Catch: for each target <c>plan.json</c> recorded a baseline for,
/// deletes every version the run published (found by their <c>tuner:&lt;runId&gt;</c> description, so it is safe to
/// run twice or after a crash), then checks the target's <c>$LATEST</c> equals the baseline and restores it when not.
/// Tuner creates no aliases, so there are none to delete.
/// </summary>
public sealed class Cleaner
{
    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly TimeProvider _time;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Cleaner()
        : this(FunctionServices.Shared)
    {
    }

    private Cleaner(FunctionServices services)
        : this(services.Lambda, services.Store, TimeProvider.System)
    {
    }

    /// <summary>The test constructor.</summary>
    public Cleaner(ILambdaApi lambda, IObjectStore store, TimeProvider time)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _time = time;
    }

    public async Task<Stream> Handle(Stream input)
    {
        var cleanerInput = await HandlerJson.ReadAsync<CleanerInput>(input);
        return HandlerJson.Write(await CleanAsync(cleanerInput, CancellationToken.None));
    }

    internal async Task<CleanerOutput> CleanAsync(CleanerInput input, CancellationToken cancellationToken)
    {
        var runId = RunKeys.RequireValidRunId(input.RunId);
        var baselines = await BaselinesAsync(runId, cancellationToken);
        // plan.json is written before the Planner publishes anything: functions without a baseline have no version
        // of this run, and the Cleaner never touches a function the Planner refused (not even to list its versions).
        var functions = baselines.Select(b => b.FunctionName).Distinct(StringComparer.Ordinal).ToList();

        var deleted = new List<string>();
        foreach (var function in functions)
        {
            deleted.AddRange(await DeleteRunVersionsAsync(function, runId, cancellationToken));
        }

        var configurator = new FunctionConfigurator(_lambda, _time);
        var restored = new List<string>();
        var verified = new List<string>();
        foreach (var baseline in baselines)
        {
            try
            {
                if (await configurator.RestoreAsync(baseline, cancellationToken))
                {
                    restored.Add(baseline.FunctionName);
                }

                verified.Add(baseline.FunctionName);
            }
            catch (LambdaApiException e) when (e.IsTransient)
            {
                throw new TransientDependencyException($"restoring {baseline.FunctionName} failed: {e.Message}", e);
            }
        }

        return new CleanerOutput(runId, deleted, restored, verified);
    }

    // No plan.json: the Planner refused the run before changing anything.
    private async Task<IReadOnlyList<BaselineConfiguration>> BaselinesAsync(string runId, CancellationToken cancellationToken) =>
        (await _store.FindPlanAsync(runId, cancellationToken))?.Baselines ?? [];

    private async Task<List<string>> DeleteRunVersionsAsync(string function, string runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<FunctionConfiguration> versions;
        try
        {
            versions = await _lambda.ListVersionsByFunctionAsync(function, cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsNotFound)
        {
            return [];
        }
        catch (LambdaApiException e) when (e.IsTransient)
        {
            throw new TransientDependencyException($"listing the versions of {function} failed: {e.Message}", e);
        }

        var deleted = new List<string>();
        foreach (var version in versions.Where(v => v.Version != "$LATEST" && VersionTag.BelongsTo(v.Description, runId)))
        {
            try
            {
                await _lambda.DeleteFunctionVersionAsync(function, version.Version, cancellationToken);
                deleted.Add($"{function}:{version.Version}");
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                // Deleted by an earlier attempt.
            }
            catch (LambdaApiException e) when (e.IsTransient)
            {
                throw new TransientDependencyException($"deleting {function}:{version.Version} failed: {e.Message}", e);
            }
        }

        return deleted;
    }
}
