using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Core.Serialization;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Leases;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Cleaner</c> state, on success and from every Catch, and the Cleaner of runs that ended without one (the
/// status-change rule on AWS, the local stack after a stop): first records that the run ended
/// (<see cref="BucketKeys.Ended"/>, which a Planner invocation still publishing checks after each change), then,
/// for each target <c>plan.json</c> recorded a baseline for and independently of the others, puts <c>$LATEST</c> back
/// to the baseline — only while it still has a configuration Tuner wrote (<see cref="TargetRestorer"/>: a change by
/// the function's owner during the run is kept, and the output says what changed and when) — and deletes every
/// version of the run (found by its <c>tuner:&lt;runId&gt;</c> description), then releases the run's lease of each
/// target that is clean (and of request targets the Planner leased but never recorded). One
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
    private readonly FunctionLeases _leases;
    private readonly CleanupRecorder _recorder;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Cleaner()
        : this(FunctionServices.Shared)
    {
    }

    private Cleaner(FunctionServices services)
        : this(services.Lambda, services.Store, TimeProvider.System, DefaultBudget, services.Signer)
    {
    }

    /// <summary>The test constructor.</summary>
    public Cleaner(ILambdaApi lambda, IObjectStore store, TimeProvider time)
        : this(lambda, store, time, DefaultBudget)
    {
    }

    /// <summary>The test constructor with a working budget other than <see cref="DefaultBudget"/>, and the signer of
    /// <c>cleanup.json</c> (null: the record is written unsigned, as no deployed Cleaner does).</summary>
    public Cleaner(ILambdaApi lambda, IObjectStore store, TimeProvider time, TimeSpan budget, IReportSigner? signer = null)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _recorder = new CleanupRecorder(_store, signer);
        _time = time;
        _budget = budget;
        // Releasing asks no execution status and writes no lease: only the store matters.
        _leases = new FunctionLeases(store, UnknownExecutionStatus.Instance, time, TimeSpan.Zero);
    }

    public async Task<Stream> Handle(Stream input)
    {
        var cleanerInput = await HandlerJson.ReadAsync<CleanerInput>(input);
        return HandlerJson.Write(await CleanAsync(cleanerInput, CancellationToken.None));
    }

    internal async Task<CleanerOutput> CleanAsync(CleanerInput input, CancellationToken cancellationToken)
    {
        var runId = RunId.RequireValid(input.RunId);
        using var budget = new CancellationTokenSource(_budget, _time);
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var markerFailure = await MarkEndedAsync(runId, input.Outcome, cancellationToken);

        // plan.json is written before the Planner changes anything: functions without a baseline have no version
        // of this run, and the Cleaner never touches a function the Planner refused (not even to list its versions).
        var document = await _store.FindWholePlanAsync(runId, cancellationToken);
        var baselines = document?.Baselines ?? [];
        var targets = new List<TargetCleanup>();
        var retryable = markerFailure is not null;
        // The knobs come from the execution's input when it has one: plan.json is in the bucket, the input is not.
        var request = ReadRequest(input.Request) ?? (document is null ? null : ReadRequest(document.Request));
        foreach (var baseline in baselines.DistinctBy(b => b.FunctionName, StringComparer.Ordinal))
        {
            var (cleanup, transient) = await CleanTargetAsync(runId, WritesOf(document!, baseline), KnobsOf(request, baseline.FunctionName), LeftBy(document!, baseline.FunctionName), working.Token);
            targets.Add(cleanup.IsClean ? cleanup with { Lease = await ReleaseLeaseAsync(baseline.FunctionName, runId) } : cleanup with { Lease = "kept: the target is not clean" });
            retryable |= transient;
        }

        // A Planner that leased its targets and then died before recording plan.json changed nothing: release them.
        foreach (var function in RequestedFunctions(input).Except(baselines.Select(b => b.FunctionName), StringComparer.Ordinal))
        {
            await ReleaseLeaseAsync(function, runId);
        }

        var output = new CleanerOutput(runId, targets) { CleanedAt = _time.GetUtcNow(), Ending = input.Outcome };
        await Console.Out.WriteLineAsync(JsonSerializer.Serialize(output, StateMessageJson.TypeInfo<CleanerOutput>()));
        await _recorder.RecordAsync(output, request?.Job);
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
            await _store.PutAsync(BucketKeys.Ended(runId), TunerJson.Serialize(marker), "application/json", cancellationToken);
            return null;
        }
        catch (TransientDependencyException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// How the Planner left <paramref name="function"/> once it was done with it: the revision (null while it may still
    /// have been publishing) and, for a function every target of which was dropped, why.
    /// </summary>
    private static TargetLeft LeftBy(RunDocument document, string function)
    {
        var targets = document.Plan?.Targets.Where(t => t.Baseline.FunctionName == function).ToList() ?? [];
        var dropped = targets.Count > 0 && targets.TrueForAll(t => document.IsDropped(t.TargetIndex))
            ? string.Join("; ", document.Dropped.Where(d => d.Function == function).Select(d => d.Reason))
            : null;
        return new TargetLeft(document.Revisions.GetValueOrDefault(function), dropped);
    }

    /// <summary>What Tuner may have written to a target: its baseline and every version the plan has for it.</summary>
    private static TunerWrites WritesOf(RunDocument document, BaselineConfiguration baseline) => new(
        document.RunId,
        baseline,
        document.Plan?.Targets.Where(t => t.Baseline.FunctionName == baseline.FunctionName).SelectMany(t => t.Versions) ?? []);

    // The request's target names (bare names; ARNs the Planner would refuse still name a function it may have leased).
    private static IEnumerable<string> RequestedFunctions(CleanerInput input) =>
        ReadRequest(input.Request)?.Targets.Select(t => FunctionReference.Parse(t.Function).Name).Distinct(StringComparer.Ordinal) ?? [];

    private static TuningRequest? ReadRequest(JsonElement request) =>
        request.ValueKind is System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null ? null : TuningRequestReader.Read(request.GetRawText()).Request;

    /// <summary>The variables a run may set on <paramref name="function"/>: its env knobs, the DynamoDB batch knobs and the
    /// cold-start marker (all of them when the request is unknown: then only the other variables are compared).</summary>
    private static HashSet<string> KnobsOf(TuningRequest? request, string function)
    {
        var knobs = new HashSet<string>(StringComparer.Ordinal) { TuningPlanner.BatchSizeVariable, TuningPlanner.ParallelismVariable, ColdStartVersions.Variable };
        foreach (var target in request?.Targets.Where(t => FunctionReference.Parse(t.Function).Name == function) ?? [])
        {
            knobs.UnionWith(target.Env.Keys);
        }

        return knobs;
    }

    /// <summary>Deletes this run's lease of <paramref name="function"/>; a failure is reported, not thrown: the target is clean, and the lease expires.</summary>
    private async Task<string> ReleaseLeaseAsync(string function, string runId)
    {
        try
        {
            return await _leases.ReleaseAsync(function, runId, CancellationToken.None) switch
            {
                LeaseReleaseOutcome.Released => "released",
                LeaseReleaseOutcome.NotHeld => "not held",
                _ => "held by another run (left to it)",
            };
        }
        catch (TransientDependencyException e)
        {
            await Console.Error.WriteLineAsync($"releasing the lease of {function} for run {runId} failed: {e.Message}");
            return $"not released ({e.Message}); it expires, and a later run takes it over once this execution has ended";
        }
    }

    /// <summary>
    /// Restores, then deletes the versions of, one target; never throws for the target's own failures. plan.json is
    /// checked first against what Tuner published: every version of the run (its <c>tuner:&lt;runId&gt;</c>
    /// description) must hold a configuration the plan says Tuner wrote, and be the recorded baseline but for its memory
    /// and the run's knobs. An edited plan.json (a baseline or a version
    /// changed in the bucket) fails that check, and nothing it names is written to the target.
    /// </summary>
    private async Task<(TargetCleanup Cleanup, bool Transient)> CleanTargetAsync(string runId, TunerWrites writes, IReadOnlySet<string> knobs, TargetLeft left, CancellationToken cancellationToken)
    {
        var function = writes.Baseline.FunctionName;
        CleanupOutcome outcome;
        string? reason = null;
        OwnersChange? change = null;
        var transient = false;
        var listed = await ListRunVersionsAsync(function, runId, cancellationToken);
        try
        {
            if (listed.Versions.FirstOrDefault(v => !writes.Wrote(v) || !writes.IsBaselineOf(v, knobs)) is { } unmatched)
            {
                outcome = CleanupOutcome.Failed;
                reason = $"{BucketKeys.Plan(runId)} does not match version {unmatched.Version} that Tuner published for run {runId} (its memory, timeout or environment is none the plan says Tuner wrote): "
                    + "the plan was changed after the Planner wrote it, so $LATEST was not restored from it; check the function's configuration";
            }
            else
            {
                (outcome, reason, change) = await RestoreAsync(writes, left, cancellationToken);
            }
        }
        catch (Exception e) when (IsTargetFailure(e))
        {
            outcome = CleanupOutcome.Failed;
            reason = "restoring $LATEST: " + Describe(e, cancellationToken);
            transient = IsTransient(e);
        }

        var versions = await DeleteRunVersionsAsync(function, listed, cancellationToken);
        if (versions.Failure is { } failure)
        {
            reason = reason is null ? failure.Reason : $"{reason}; {failure.Reason}";
            outcome = CleanupOutcome.Failed;
            transient |= failure.Transient;
        }

        return (new TargetCleanup(function, outcome, reason, versions.Deleted, versions.Left) { Change = outcome == CleanupOutcome.KeptOwnersChange ? change : null }, transient);
    }

    /// <summary>Puts the baseline back on <c>$LATEST</c> where Tuner's configuration is still on it; keeps the owner's, and says what it kept.</summary>
    private async Task<(CleanupOutcome Outcome, string? Reason, OwnersChange? Change)> RestoreAsync(TunerWrites writes, TargetLeft left, CancellationToken cancellationToken)
    {
        var restored = await new TargetRestorer(new FunctionConfigurator(_lambda, _time))
            .RestoreAsync(writes, left.Revision, leftAtBaseline: left.DroppedBecause is null, cancellationToken);
        if (left.DroppedBecause is { } dropped && restored.Outcome == RestoreOutcome.Unchanged)
        {
            // As the Planner left it when it dropped the target: the owner's change, kept.
            return (CleanupOutcome.KeptOwnersChange, $"dropped from the run while Tuner published: {dropped}", ChangeKept(writes, restored));
        }

        var outcome = restored.Outcome switch
        {
            RestoreOutcome.Restored => CleanupOutcome.Restored,
            RestoreOutcome.KeptOwnersChange => CleanupOutcome.KeptOwnersChange,
            _ => CleanupOutcome.Unchanged,
        };
        return (outcome, restored.Reason, outcome == CleanupOutcome.KeptOwnersChange ? ChangeKept(writes, restored) : null);
    }

    /// <summary>The fields <c>$LATEST</c> now differs from the baseline in (the owner's, Tuner's own put back), seen now.</summary>
    private OwnersChange ChangeKept(TunerWrites writes, RestoreResult restored) =>
        new(writes.ChangedFields(restored.Current), _time.GetUtcNow())
        {
            LastModified = (restored.Seen ?? restored.Current).LastModified,
            RevisionId = restored.Current.RevisionId,
        };

    /// <summary>The versions of this run (by description), listed once for the plan check and the deletes.</summary>
    private async Task<RunVersions> ListRunVersionsAsync(string function, string runId, CancellationToken cancellationToken)
    {
        try
        {
            var versions = await _lambda.ListVersionsByFunctionAsync(function, cancellationToken);
            return new RunVersions([.. versions.Where(v => v.Version != "$LATEST" && VersionTag.BelongsTo(v.Description, runId))], null);
        }
        catch (LambdaApiException e) when (e.IsNotFound)
        {
            return new RunVersions([], null);
        }
        catch (Exception e) when (IsTargetFailure(e))
        {
            return new RunVersions([], ($"listing its versions: {Describe(e, cancellationToken)}", IsTransient(e)));
        }
    }

    private async Task<VersionCleanup> DeleteRunVersionsAsync(string function, RunVersions listed, CancellationToken cancellationToken)
    {
        if (listed.Failure is { } listFailure)
        {
            return new VersionCleanup([], [], listFailure);
        }

        var deleted = new List<string>();
        var left = new List<string>();
        (string Reason, bool Transient)? failure = null;
        foreach (var version in listed.Versions)
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

    private sealed record TargetLeft(string? Revision, string? DroppedBecause);

    private sealed record RunVersions(List<FunctionConfiguration> Versions, (string Reason, bool Transient)? Failure);

    private sealed record VersionCleanup(List<string> Deleted, List<string> Left, (string Reason, bool Transient)? Failure);
}
