using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;
using Tuner.Functions.Runs;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Publishes a plan's versions, one update at a time per function, within a time budget, and puts each target's
/// <c>$LATEST</c> back right after its versions — also when publishing fails half-way or the budget runs out, so a
/// target is never left changed between two Planner invocations. Versions already in the map are skipped, which is
/// how a resumed invocation goes on where the previous one stopped. After each change it asks whether the run has
/// ended (a stopped execution does not stop this invocation): if so, it undoes that target's changes and throws
/// <see cref="RunEndedException"/>, since the Cleaner may already have looked at the target.
/// </summary>
internal sealed class VersionPublisher
{
    private readonly ILambdaApi _lambda;
    private readonly TimeProvider _time;
    private readonly FunctionConfigurator _configurator;
    private readonly Func<CancellationToken, Task<bool>> _runEnded;

    public VersionPublisher(ILambdaApi lambda, TimeProvider time, Func<CancellationToken, Task<bool>> runEnded)
    {
        _lambda = lambda;
        _time = time;
        _configurator = new FunctionConfigurator(lambda, time);
        _runEnded = runEnded;
    }

    /// <summary>
    /// Publishes every version of <paramref name="plan"/> missing from <paramref name="versions"/> (version key →
    /// version number, filled in as it goes). Before each version but the first of this call, stops when more than
    /// <paramref name="budget"/> has passed since <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp).
    /// With <paramref name="adoptTagged"/>, first takes over versions of this run that an earlier, interrupted attempt
    /// published but did not record (found by their <see cref="VersionTag"/> and checked against the plan).
    /// </summary>
    /// <returns>True when every version is published; false when the budget ran out first.</returns>
    public async Task<bool> PublishAsync(
        string runId,
        TuningPlan plan,
        Dictionary<string, string> versions,
        long startedAt,
        TimeSpan budget,
        bool adoptTagged,
        CancellationToken cancellationToken)
    {
        var publishedNow = 0;
        foreach (var target in plan.Targets)
        {
            if (target.Versions.All(v => versions.ContainsKey(v.Key)))
            {
                continue;
            }

            var outOfTime = false;
            try
            {
                if (adoptTagged)
                {
                    await AdoptTaggedAsync(runId, target, versions, cancellationToken);
                }

                var current = await _configurator.WaitUntilSettledAsync(target.Baseline.FunctionName, cancellationToken);
                foreach (var version in target.Versions.Where(v => !versions.ContainsKey(v.Key)))
                {
                    // At least one version per invocation, so the state machine's loop always makes progress.
                    if (publishedNow > 0 && _time.GetElapsedTime(startedAt) > budget)
                    {
                        outOfTime = true;
                        break;
                    }

                    var wanted = Wanted(runId, target, version);
                    if (!FunctionConfigurator.Matches(current, wanted))
                    {
                        current = await _configurator.ApplyAsync(
                            target.Baseline.FunctionName,
                            new FunctionConfigurationUpdate(version.MemoryMb, target.Baseline.TimeoutSeconds, wanted.Environment),
                            cancellationToken);
                        await ThrowIfRunEndedAsync(runId, cancellationToken);
                    }

                    var published = await _configurator.PublishAsync(target.Baseline.FunctionName, VersionTag.Describe(runId, version.Key), cancellationToken);
                    versions[version.Key] = published.Version;
                    publishedNow++;
                    await ThrowIfRunEndedAsync(runId, cancellationToken);
                }
            }
            catch (RunEndedException)
            {
                await RestoreAfterFailureAsync(target.Baseline, new RunEndedException());
                await DeleteRunVersionsAsync(runId, target.Baseline.FunctionName);
                throw;
            }
            catch (Exception failure)
            {
                await RestoreAfterFailureAsync(target.Baseline, failure);
                if (failure is LambdaApiException { IsTransient: true } transient)
                {
                    throw new TransientDependencyException($"publishing versions of {target.Baseline.FunctionName} failed: {transient.Message}", transient);
                }

                throw;
            }

            await _configurator.RestoreAsync(target.Baseline, cancellationToken);
            if (outOfTime)
            {
                return false;
            }
        }

        return true;
    }

    private async Task ThrowIfRunEndedAsync(string runId, CancellationToken cancellationToken)
    {
        if (await _runEnded(cancellationToken))
        {
            throw new RunEndedException($"run {runId} ended while the Planner was publishing: its changes were undone");
        }
    }

    /// <summary>Deletes the versions of the run this invocation may have published after the Cleaner listed them.</summary>
    private async Task DeleteRunVersionsAsync(string runId, string function)
    {
        try
        {
            var existing = await _lambda.ListVersionsByFunctionAsync(function, CancellationToken.None);
            foreach (var version in existing.Where(v => v.Version != "$LATEST" && VersionTag.BelongsTo(v.Description, runId)))
            {
                try
                {
                    await _lambda.DeleteFunctionVersionAsync(function, version.Version, CancellationToken.None);
                }
                catch (LambdaApiException e) when (e.IsNotFound)
                {
                    // The Cleaner deleted it first.
                }
            }
        }
        catch (LambdaApiException e)
        {
            // The janitor removes versions of ended runs that are left.
            await Console.Error.WriteLineAsync($"deleting the versions of {function} after run {runId} ended failed: {e.Message}");
        }
    }

    /// <summary>What <c>$LATEST</c> must be to publish <paramref name="version"/> (a cold version carries its <see cref="ColdStartVersions.Variable"/>).</summary>
    private static BaselineConfiguration Wanted(string runId, TargetPlan target, PlannedVersion version) =>
        target.Baseline with { MemoryMb = version.MemoryMb, Environment = ColdStartVersions.EnvironmentOf(version, runId) };

    private async Task AdoptTaggedAsync(string runId, TargetPlan target, Dictionary<string, string> versions, CancellationToken cancellationToken)
    {
        var existing = await _lambda.ListVersionsByFunctionAsync(target.Baseline.FunctionName, cancellationToken);
        foreach (var version in target.Versions.Where(v => !versions.ContainsKey(v.Key)))
        {
            var description = VersionTag.Describe(runId, version.Key);
            var match = existing.FirstOrDefault(e => e.Version != "$LATEST" && e.Description == description && FunctionConfigurator.Matches(e, Wanted(runId, target, version)));
            if (match is not null)
            {
                versions[version.Key] = match.Version;
            }
        }
    }

    private async Task RestoreAfterFailureAsync(BaselineConfiguration baseline, Exception failure)
    {
        try
        {
            await _configurator.RestoreAsync(baseline, CancellationToken.None);
        }
        catch (Exception restoreFailure) when (restoreFailure is LambdaApiException or TransientDependencyException or InvalidOperationException)
        {
            // The original failure is what the run reports; the Cleaner retries the restore from plan.json.
            await Console.Error.WriteLineAsync($"restoring {baseline.FunctionName} after '{failure.Message}' failed too: {restoreFailure.Message}");
        }
    }
}
