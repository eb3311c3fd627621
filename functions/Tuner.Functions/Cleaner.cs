using System.Text.Json;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Cleaner</c> state, on success and from every Catch: deletes every version the run published (found by
/// their <c>tuner:&lt;runId&gt;</c> description, so it needs no state and is safe to run twice), then checks each
/// target's <c>$LATEST</c> equals the baseline recorded in <c>plan.json</c> and restores it when not.
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
        var functions = baselines.Select(b => b.FunctionName).Concat(RequestedFunctions(input.Request)).Distinct(StringComparer.Ordinal).ToList();

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

    private static IEnumerable<string> RequestedFunctions(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // Versions are looked for even without a plan.json (a Planner that died before writing it published nothing,
        // but looking is cheap and read-only). Only a valid request is trusted for names.
        var read = TuningRequestReader.Read(request.GetRawText());
        return read.Request?.Targets.Select(t => t.Function) ?? [];
    }

    private async Task<List<string>> DeleteRunVersionsAsync(string function, string runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<FunctionConfiguration> versions;
        try
        {
            versions = await _lambda.ListVersionsByFunctionAsync(function, cancellationToken);
        }
        catch (LambdaApiException e) when (e.ErrorCode == "ResourceNotFoundException" || e.StatusCode == 404)
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
            catch (LambdaApiException e) when (e.ErrorCode == "ResourceNotFoundException" || e.StatusCode == 404)
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
