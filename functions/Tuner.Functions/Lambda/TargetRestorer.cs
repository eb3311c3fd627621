using Tuner.Core.Ports;
using Tuner.Functions.Errors;

namespace Tuner.Functions.Lambda;

/// <summary>
/// Puts a target's <c>$LATEST</c> back to its baseline only while it still has a configuration Tuner wrote: the update
/// carries the revision just read (<c>RevisionId</c>), so a change by the owner between that read and the update is
/// refused by Lambda (412) and read again rather than overwritten. A configuration Tuner never wrote is the owner's
/// and is kept — where the owner changed it while a test configuration was on it, only the fields still holding a value
/// Tuner wrote are put back; a code deploy is kept too (Tuner only puts back memory, timeout and environment).
/// </summary>
internal sealed class TargetRestorer(FunctionConfigurator configurator)
{
    // Each round reads, decides and writes once; losing this many races in a row means the function is being changed
    // continuously, which the state machine's retry (TransientDependencyException) waits out better than a tight loop.
    private const int Attempts = 4;

    /// <summary>
    /// Puts the baseline back where Tuner's configuration is still on <c>$LATEST</c>. With <paramref name="leftAt"/>, the
    /// revision Tuner left <c>$LATEST</c> at once it was done with the target (<see cref="Runs.RunDocument.Revisions"/>),
    /// the revision decides first: at that revision <c>$LATEST</c> is as Tuner left it (nothing to do; for a target
    /// Tuner left at its baseline, only while it still holds the baseline — anything else means the plan is not what
    /// Tuner recorded, and the configuration decides); at any other revision someone else changed it since, and their
    /// change is kept even where it looks like a configuration Tuner wrote. <paramref name="leftAtBaseline"/> says
    /// Tuner left it at its baseline (false for a target dropped with its owner's change on it).
    /// </summary>
    public async Task<RestoreResult> RestoreAsync(TunerWrites writes, string? leftAt, bool leftAtBaseline, CancellationToken cancellationToken)
    {
        if (leftAt is not null)
        {
            var current = await configurator.WaitUntilSettledAsync(writes.Baseline.FunctionName, cancellationToken);
            var atBaseline = FunctionConfigurator.Matches(current, writes.Baseline);
            if (current.RevisionId == leftAt && (atBaseline || !leftAtBaseline))
            {
                return new RestoreResult(RestoreOutcome.Unchanged, null, current);
            }

            if (current.RevisionId != leftAt)
            {
                return atBaseline && writes.SameCode(current)
                    ? new RestoreResult(RestoreOutcome.Unchanged, $"its revision changed since Tuner left it ({leftAt} → {current.RevisionId}) in settings Tuner does not compare; kept", current)
                    : new RestoreResult(RestoreOutcome.KeptOwnersChange, $"$LATEST was changed by someone else after Tuner was done with it (revision {leftAt} → {current.RevisionId}: {writes.DescribeChange(current)}); Tuner kept that change and did not restore its baseline", current);
            }
        }

        return await RestoreAsync(writes, cancellationToken);
    }

    public async Task<RestoreResult> RestoreAsync(TunerWrites writes, CancellationToken cancellationToken)
    {
        var baseline = writes.Baseline;
        var restored = false;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = await configurator.WaitUntilSettledAsync(baseline.FunctionName, cancellationToken);
            if (FunctionConfigurator.Matches(current, baseline))
            {
                var codeNote = writes.SameCode(current) ? null : $"its code changed during the run ({writes.DescribeChange(current)}); the new code was kept";
                return new RestoreResult(restored ? RestoreOutcome.Restored : RestoreOutcome.Unchanged, codeNote, current);
            }

            if (!writes.Wrote(current))
            {
                var change = $"$LATEST was changed by someone else during the run ({writes.DescribeChange(current)})";
                if (writes.UndoTunerFields(current) is not { } undo)
                {
                    return new RestoreResult(RestoreOutcome.KeptOwnersChange, change + "; Tuner kept that change and did not restore its baseline", current);
                }

                // The owner changed it while a test configuration was on it: put back only Tuner's values.
                try
                {
                    var kept = await configurator.ApplyAsync(baseline.FunctionName, undo with { RevisionId = current.RevisionId }, cancellationToken);
                    return new RestoreResult(RestoreOutcome.KeptOwnersChange, change + "; Tuner kept that change and put back only the settings it had set", kept) { Seen = current };
                }
                catch (LambdaApiException e) when (e.IsChangedSince)
                {
                    continue;
                }
            }

            try
            {
                await configurator.ApplyAsync(
                    baseline.FunctionName,
                    new FunctionConfigurationUpdate(baseline.MemoryMb, baseline.TimeoutSeconds, baseline.Environment, current.RevisionId),
                    cancellationToken);
                restored = true;
            }
            catch (LambdaApiException e) when (e.IsChangedSince)
            {
                // Changed between the read and the update: read again and decide again.
            }
        }

        throw new TransientDependencyException($"{baseline.FunctionName} kept changing while Tuner restored its baseline ({Attempts} attempts)");
    }
}
