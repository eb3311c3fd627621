using System.Text;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Cleaner</c> state, on success and from every Catch, and the Cleaner of runs that ended without one (the
/// status-change rule on AWS, the local stack after a stop): first records that the run ended
/// (<c>runs/&lt;runId&gt;/ended.json</c>, which a Planner invocation still publishing checks after each change), then,
/// for each target <c>plan.json</c> recorded a baseline for and independently of the others, puts <c>$LATEST</c> back
/// to the baseline and deletes every version of the run (found by its <c>tuner:&lt;runId&gt;</c> description). One
/// target failing never stops the others; the output (or the error, when a target could not be cleaned) reports each
/// target's outcome. Safe to run twice, or at the same time as another Cleaner of the same run. Tuner creates no
/// aliases, so there are none to delete.
/// </summary>
public sealed class Cleaner
{
    /// <summary>
    /// How long the Cleaner works before it stops and reports the targets left: the longest wait of one restore (an
    /// update may take 5 minutes to settle) must fit, and the budget stays a
    /// minute under the Task's 900 s timeout in the ASL, so the output is written before Step Functions gives up.
    /// </summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(780);

    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;

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
        : this(lambda, store, time, DefaultBudget)
    {
    }

    /// <summary>The test constructor with a working budget other than <see cref="DefaultBudget"/>.</summary>
    public Cleaner(ILambdaApi lambda, IObjectStore store, TimeProvider time, TimeSpan budget)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _time = time;
        _budget = budget;
    }

    public async Task<Stream> Handle(Stream input)
    {
        var cleanerInput = await HandlerJson.ReadAsync<CleanerInput>(input);
        return HandlerJson.Write(await CleanAsync(cleanerInput, CancellationToken.None));
    }

    internal async Task<CleanerOutput> CleanAsync(CleanerInput input, CancellationToken cancellationToken)
    {
        var runId = RunKeys.RequireValidRunId(input.RunId);
        using var budget = new CancellationTokenSource(_budget, _time);
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var markerFailure = await MarkEndedAsync(runId, input.Outcome, cancellationToken);

        // plan.json is written before the Planner changes anything: functions without a baseline have no version
        // of this run, and the Cleaner never touches a function the Planner refused (not even to list its versions).
        var baselines = await BaselinesAsync(runId, cancellationToken);
        var targets = new List<TargetCleanup>();
        var retryable = markerFailure is not null;
        foreach (var baseline in baselines.DistinctBy(b => b.FunctionName, StringComparer.Ordinal))
        {
            var (cleanup, transient) = await CleanTargetAsync(runId, baseline, working.Token);
            targets.Add(cleanup);
            retryable |= transient;
        }

        var output = new CleanerOutput(runId, targets);
        await Console.Out.WriteLineAsync(Encoding.UTF8.GetString(TunerJson.Serialize(output)));
        if (markerFailure is null && targets.TrueForAll(t => t.IsClean))
        {
            return output;
        }

        var summary = $"the cleanup of run {runId} is incomplete: {string.Join("; ", targets)}"
            + (markerFailure is null ? string.Empty : $"; recording that the run ended failed: {markerFailure}");
        // A retry (the state machine retries TransientDependencyException) finds the clean targets clean and goes on with the rest.
        throw retryable ? new TransientDependencyException(summary) : new CleanupIncompleteException(summary);
    }

    /// <summary>Writes <c>ended.json</c>; returns why that failed (the targets are cleaned all the same), or null.</summary>
    private async Task<string?> MarkEndedAsync(string runId, string? outcome, CancellationToken cancellationToken)
    {
        try
        {
            var marker = new RunEnded(runId, outcome ?? "ended", _time.GetUtcNow());
            await _store.PutAsync(RunKeys.Ended(runId), TunerJson.Serialize(marker), "application/json", cancellationToken);
            return null;
        }
        catch (TransientDependencyException e)
        {
            return e.Message;
        }
    }

    // No plan.json: the Planner refused the run before changing anything.
    private async Task<IReadOnlyList<BaselineConfiguration>> BaselinesAsync(string runId, CancellationToken cancellationToken) =>
        (await _store.FindPlanAsync(runId, cancellationToken))?.Baselines ?? [];

    /// <summary>Restores, then deletes the versions of, one target; never throws for the target's own failures.</summary>
    private async Task<(TargetCleanup Cleanup, bool Transient)> CleanTargetAsync(string runId, BaselineConfiguration baseline, CancellationToken cancellationToken)
    {
        var function = baseline.FunctionName;
        CleanupOutcome outcome;
        string? reason = null;
        var transient = false;
        try
        {
            outcome = await RestoreAsync(baseline, cancellationToken);
        }
        catch (Exception e) when (IsTargetFailure(e))
        {
            outcome = CleanupOutcome.Failed;
            reason = "restoring $LATEST: " + Describe(e, cancellationToken);
            transient = IsTransient(e);
        }

        var versions = await DeleteRunVersionsAsync(function, runId, cancellationToken);
        if (versions.Failure is { } failure)
        {
            reason = reason is null ? failure.Reason : $"{reason}; {failure.Reason}";
            outcome = CleanupOutcome.Failed;
            transient |= failure.Transient;
        }

        return (new TargetCleanup(function, outcome, reason, versions.Deleted, versions.Left), transient);
    }

    /// <summary>Puts the baseline back on <c>$LATEST</c> when it differs.</summary>
    private async Task<CleanupOutcome> RestoreAsync(BaselineConfiguration baseline, CancellationToken cancellationToken)
    {
        var configurator = new FunctionConfigurator(_lambda, _time);
        return await configurator.RestoreAsync(baseline, cancellationToken) ? CleanupOutcome.Restored : CleanupOutcome.Unchanged;
    }

    private async Task<VersionCleanup> DeleteRunVersionsAsync(string function, string runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<FunctionConfiguration> versions;
        try
        {
            versions = await _lambda.ListVersionsByFunctionAsync(function, cancellationToken);
        }
        catch (LambdaApiException e) when (e.IsNotFound)
        {
            return new VersionCleanup([], [], null);
        }
        catch (Exception e) when (IsTargetFailure(e))
        {
            return new VersionCleanup([], [], ($"listing its versions: {Describe(e, cancellationToken)}", IsTransient(e)));
        }

        var deleted = new List<string>();
        var left = new List<string>();
        (string Reason, bool Transient)? failure = null;
        foreach (var version in versions.Where(v => v.Version != "$LATEST" && VersionTag.BelongsTo(v.Description, runId)))
        {
            try
            {
                await _lambda.DeleteFunctionVersionAsync(function, version.Version, cancellationToken);
                deleted.Add($"{function}:{version.Version}");
            }
            catch (LambdaApiException e) when (e.IsNotFound)
            {
                // Deleted by an earlier attempt, or by another Cleaner of the same run.
            }
            catch (Exception e) when (IsTargetFailure(e))
            {
                left.Add($"{function}:{version.Version}");
                failure ??= ($"deleting version {version.Version}: {Describe(e, cancellationToken)}", IsTransient(e));
            }
        }

        return new VersionCleanup(deleted, left, failure);
    }

    // Anything one target's API calls throw, including the budget running out; not a bug in the Cleaner itself.
    private static bool IsTargetFailure(Exception e) =>
        e is LambdaApiException or TransientDependencyException or HttpRequestException or InvalidOperationException or OperationCanceledException or TimeoutException;

    private static bool IsTransient(Exception e) => e switch
    {
        LambdaApiException lambda => lambda.IsTransient,
        InvalidOperationException => false,
        _ => true,
    };

    private string Describe(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested
            ? $"the Cleaner's {_budget.TotalSeconds:0} s budget ran out"
            : e.Message;

    private sealed record VersionCleanup(List<string> Deleted, List<string> Left, (string Reason, bool Transient)? Failure);
}
