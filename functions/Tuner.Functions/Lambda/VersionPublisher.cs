using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Functions.Errors;
using Tuner.Functions.Runs;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Publishes a plan's versions, one update at a time per function, within a time budget, and puts each target's
/// <c>$LATEST</c> back right after its versions — also when publishing fails half-way or the budget runs out, so a
/// target is never left changed between two Planner invocations. Versions already in the map are skipped, which is
/// how a resumed invocation goes on where the previous one stopped.
/// Every change is drift-safe (<see cref="CheckedChanges"/>: the revision Tuner saw or wrote last, the baseline's code
/// hash, each published version checked for both), each version is waited for until it can be invoked
/// (<see cref="VersionActivation"/>), and <c>$LATEST</c> is read again after each publish. A target that changed under
/// Tuner (a deploy, the owner's configuration change) is dropped from the run: the version that would carry foreign
/// code is deleted with the target's other versions of the run (<see cref="RunVersions"/>), and <c>$LATEST</c> is restored only where Tuner's
/// configuration is still on it (<see cref="TargetRestorer"/>); where even that restore fails, the whole run fails with
/// <see cref="FunctionChangedException"/> and the Cleaner tries again. After each change it asks whether the run has ended (a stopped
/// execution does not stop this invocation): if so, it undoes that target's changes and throws
/// <see cref="RunEndedException"/>, since the Cleaner may already have looked at the target.
/// </summary>
internal sealed class VersionPublisher
{
    private readonly TimeProvider _time;
    private readonly FunctionConfigurator _configurator;
    private readonly TargetRestorer _restorer;
    private readonly CheckedChanges _changes;
    private readonly VersionActivation _activation;
    private readonly RunVersions _runVersions;
    private readonly Func<CancellationToken, Task<bool>> _runEnded;

    public VersionPublisher(ILambdaApi lambda, TimeProvider time, Func<CancellationToken, Task<bool>> runEnded)
    {
        _time = time;
        _configurator = new FunctionConfigurator(lambda, time);
        _restorer = new TargetRestorer(_configurator);
        _changes = new CheckedChanges(lambda, _configurator);
        _activation = new VersionActivation(lambda, time);
        _runVersions = new RunVersions(lambda);
        _runEnded = runEnded;
    }

    /// <summary>
    /// Publishes every version of <paramref name="plan"/> missing from <paramref name="progress"/>'s versions (version
    /// key → version number, filled in as it goes). Before each version but the first of this call, stops when more than
    /// <paramref name="budget"/> has passed since <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp).
    /// With <paramref name="resumed"/>, first takes over versions of this run that an earlier, interrupted attempt
    /// published but did not record (found by their <see cref="VersionTag"/> and checked against the plan); without
    /// it, the first change carries the revision the baseline was read at. A target that changed under Tuner is dropped
    /// (<see cref="PublishProgress.Dropped"/>): <c>$LATEST</c> is left as its owner has it and its versions of the run are
    /// deleted, and the other targets are published all the same. Once a target is done (every version published and
    /// the baseline back, or dropped), the revision its <c>$LATEST</c> was left at is recorded.
    /// </summary>
    /// <returns>True when every version of every target not dropped is published; false when the budget ran out first.</returns>
    public async Task<bool> PublishAsync(
        string runId,
        TuningPlan plan,
        PublishProgress progress,
        long startedAt,
        TimeSpan budget,
        bool resumed,
        CancellationToken cancellationToken)
    {
        var versions = progress.Versions;
        var publishedNow = 0;
        foreach (var target in plan.Targets)
        {
            if (progress.IsDropped(target.TargetIndex) || target.Versions.All(v => versions.ContainsKey(v.Key)))
            {
                continue;
            }

            var writes = new TunerWrites(runId, target.Baseline, target.Versions);
            var function = target.Baseline.FunctionName;
            var outOfTime = false;
            try
            {
                if (resumed)
                {
                    await _runVersions.AdoptAsync(writes, target, versions, cancellationToken);
                }

                var current = await _configurator.WaitUntilSettledAsync(function, cancellationToken);
                if (!writes.Wrote(current) || !writes.SameCode(current))
                {
                    throw CheckedChanges.Changed(writes, current, "before Tuner changed it");
                }

                // The baseline was read at this revision: a change since (even one Tuner does not compare) refuses the
                // first update or publish. A resumed invocation starts from what the previous one left.
                var revision = resumed ? current.RevisionId : target.Baseline.RevisionId ?? current.RevisionId;
                foreach (var version in target.Versions.Where(v => !versions.ContainsKey(v.Key)))
                {
                    // At least one version per invocation, so the state machine's loop always makes progress.
                    if (publishedNow > 0 && _time.GetElapsedTime(startedAt) > budget)
                    {
                        outOfTime = true;
                        break;
                    }

                    var wanted = writes.Wanted(version);
                    if (!FunctionConfigurator.Matches(current, wanted))
                    {
                        current = await _changes.ApplyAsync(writes, wanted, revision, cancellationToken);
                        revision = current.RevisionId;
                        await ThrowIfRunEndedAsync(runId, cancellationToken);
                    }

                    var published = await _changes.PublishAsync(version, writes, wanted, revision, cancellationToken);
                    await _activation.WaitUntilActiveAsync(published, cancellationToken);
                    versions[version.Key] = published.Version;
                    publishedNow++;
                    await ThrowIfRunEndedAsync(runId, cancellationToken);

                    // Publishing may give $LATEST a new revision; read it, and check it is still what Tuner wrote.
                    current = await _configurator.WaitUntilSettledAsync(function, cancellationToken);
                    if (!FunctionConfigurator.Matches(current, wanted) || !writes.SameCode(current))
                    {
                        throw CheckedChanges.Changed(writes, current, $"after Tuner published version {published.Version}");
                    }

                    revision = current.RevisionId;
                }
            }
            catch (RunEndedException ended)
            {
                await RestoreAfterFailureAsync(writes, ended);
                await _runVersions.DeleteAsync(runId, function);
                throw;
            }
            catch (Exception failure)
            {
                var restore = await RestoreAfterFailureAsync(writes, failure);
                if (failure is FunctionChangedException && restore is not null)
                {
                    await DropAsync(runId, target, progress, $"{failure.Message}; {Describe(restore)}", restore.Current);
                    continue;
                }

                if (failure is FunctionChangedException)
                {
                    throw new FunctionChangedException($"{failure.Message}; {Describe(restore)}", failure);
                }

                if (failure is LambdaApiException { IsTransient: true } transient)
                {
                    throw new TransientDependencyException($"publishing versions of {function} failed: {transient.Message}", transient);
                }

                throw;
            }

            var restored = await _restorer.RestoreAsync(writes, cancellationToken);
            if (restored.Outcome == RestoreOutcome.KeptOwnersChange)
            {
                await DropAsync(runId, target, progress, $"{function} changed while Tuner was publishing its versions: {restored.Reason}", restored.Current);
                continue;
            }

            if (outOfTime)
            {
                return false;
            }

            // Done with this target: Tuner writes nothing more to its $LATEST in this run.
            if (restored.Current.RevisionId is { } left)
            {
                progress.Revisions[function] = left;
            }
        }

        return true;
    }

    /// <summary>
    /// Drops a target that changed under Tuner (its <c>$LATEST</c> already left as its owner has it): deletes its
    /// versions of the run, forgets their numbers, and records why and the revision it was left at.
    /// </summary>
    private async Task DropAsync(string runId, TargetPlan target, PublishProgress progress, string reason, FunctionConfiguration left)
    {
        var function = target.Baseline.FunctionName;
        await _runVersions.DeleteAsync(runId, function);
        foreach (var version in target.Versions)
        {
            progress.Versions.Remove(version.Key);
        }

        progress.Dropped.Add(new DroppedTarget(target.TargetIndex, function, reason, _time.GetUtcNow()));
        if (left.RevisionId is { } revision)
        {
            progress.Revisions[function] = revision;
        }

        await Console.Out.WriteLineAsync($"run {runId}: dropped {function} (targets[{target.TargetIndex}]): {reason}");
    }

    private async Task ThrowIfRunEndedAsync(string runId, CancellationToken cancellationToken)
    {
        if (await _runEnded(cancellationToken))
        {
            throw new RunEndedException($"run {runId} ended while the Planner was publishing: its changes were undone");
        }
    }

    private static string Describe(RestoreResult? restore) => restore switch
    {
        null => "restoring its baseline failed too; the Cleaner tries again",
        { Outcome: RestoreOutcome.KeptOwnersChange } => "the owner's change was kept",
        { Outcome: RestoreOutcome.Restored } => "Tuner's settings were put back to the baseline" + (restore.Reason is null ? string.Empty : "; " + restore.Reason),
        _ => "$LATEST was left as its owner has it",
    };

    private async Task<RestoreResult?> RestoreAfterFailureAsync(TunerWrites writes, Exception failure)
    {
        try
        {
            return await _restorer.RestoreAsync(writes, CancellationToken.None);
        }
        catch (Exception restoreFailure) when (restoreFailure is LambdaApiException or TransientDependencyException or InvalidOperationException)
        {
            // The original failure is what the run reports; the Cleaner retries the restore from plan.json.
            await Console.Error.WriteLineAsync($"restoring {writes.Baseline.FunctionName} after '{failure.Message}' failed too: {restoreFailure.Message}");
            return null;
        }
    }
}
