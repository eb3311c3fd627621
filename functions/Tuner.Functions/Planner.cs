using System.Globalization;
using System.Text.Json;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Leases;
using Tuner.Functions.Messages;
using Tuner.Functions.Planning;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Planner</c> state (and its <c>ResumePlanner</c> loop): validates the request, acquires the lease of every
/// target (<see cref="FunctionLeases"/>; another run's lease refuses the run before anything is read or changed), refuses
/// ARNs of another partition, region or account and functions whose configuration Lambda could not fully return
/// (<c>Environment.Error</c>), records each target's baseline,
/// refuses functions that are not allowed and plans over budget, publishes one version per cell configuration (one
/// update at a time) and puts <c>$LATEST</c> back right after — also when publishing fails half-way. Publishing stops
/// when the invocation's time budget runs out (<see cref="FunctionSettings.PlannerPublishBudget"/>); the state machine
/// then calls it again with <c>resume</c>, and it goes on from the versions recorded in <c>plan.json</c>.
/// </summary>
public sealed class Planner
{
    /// <summary>
    /// Most cells one run measures: the Planner's output and a first-pass unit (one entry per cell, ≤ ~300 bytes each)
    /// must stay well under the 256 KiB limit of a state's payload.
    /// </summary>
    public const int MaxCells = 250;

    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly FunctionSettings _settings;
    private readonly PricingCatalog _prices;
    private readonly TimeProvider _time;
    private readonly FunctionLeases _leases;
    private readonly TargetAdmission _admission;
    private readonly StackCeilings _ceilings;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Planner()
        : this(FunctionServices.Shared)
    {
    }

    private Planner(FunctionServices services)
        : this(services.Lambda, services.Store, services.Settings, PricingCatalog.Default, TimeProvider.System, services.Executions)
    {
    }

    /// <summary>
    /// The test constructor. Without <paramref name="executions"/> no execution is ever known to have ended, so an
    /// expired lease of another run is never taken over.
    /// </summary>
    public Planner(ILambdaApi lambda, IObjectStore store, FunctionSettings settings, PricingCatalog prices, TimeProvider time, IExecutionStatus? executions = null)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _settings = settings;
        _prices = prices;
        _time = time;
        _leases = new FunctionLeases(store, executions ?? UnknownExecutionStatus.Instance, time, settings.LeaseDuration);
        _admission = new TargetAdmission(lambda, settings);
        _ceilings = new StackCeilings(settings);
    }

    public async Task<Stream> Handle(Stream input)
    {
        var plannerInput = await HandlerJson.ReadAsync<PlannerInput>(input);
        return HandlerJson.Write(await PlanAsync(plannerInput, CancellationToken.None));
    }

    internal async Task<PlannerOutput> PlanAsync(PlannerInput input, CancellationToken cancellationToken)
    {
        // The publishing budget counts from here: the whole invocation has to fit in the state's timeout.
        var startedAt = _time.GetTimestamp();
        var runId = RunId.RequireValid(input.RunId);
        // A retried first invocation (Step Functions retries the Planner state after a transient failure) finds the
        // plan it recorded before changing anything and goes on from it, instead of re-reading the targets: a target
        // whose failed attempt could not put $LATEST back would otherwise be recorded changed as its own baseline.
        var recorded = await _store.FindPlanWithETagAsync(runId, cancellationToken);
        var resume = input.Resume || recorded is { Document.Plan: not null };
        RunDocument document;
        string planETag;
        if (resume)
        {
            document = RunToResume(runId, input.Request, recorded?.Document);
            planETag = recorded!.ETag;
            if (input.PlanETag is { } written && !string.Equals(written, planETag, StringComparison.Ordinal))
            {
                throw new InvalidStateInputException(
                    $"cannot resume publishing: {BucketKeys.Plan(runId)} has ETag {planETag}, not {written} as the Planner left it: it was changed in the bucket, and nothing of it is used");
            }
            // Still this run's (a lease is never taken over while its execution runs); re-acquired when it was lost.
            // A dropped target's lease was released: the run does not change it any more.
            await _leases.AcquireAllAsync(StillTuned(document).Select(b => b.FunctionName), runId, input.ExecutionArn, cancellationToken);
        }
        else
        {
            (document, planETag) = await PlanRunAsync(runId, input.ExecutionArn, input.Request, recorded?.ETag, cancellationToken);
        }

        var plan = document.Plan!;
        var progress = new PublishProgress(document);
        var publisher = new VersionPublisher(_lambda, _time, ct => _store.HasEndedAsync(runId, ct));
        var finished = await publisher.PublishAsync(runId, plan, progress, startedAt, _settings.PlannerPublishBudget, resume, cancellationToken);
        var versions = progress.Versions;
        if (progress.DiffersFrom(document))
        {
            var dropped = progress.Dropped.Skip(document.Dropped.Count).ToList();
            document = progress.ApplyTo(document);
            planETag = await _store.UpdatePlanAsync(document, planETag, cancellationToken);
            await ReleaseDroppedAsync(runId, document, dropped, document.Dropped.Count == plan.Targets.Count);
        }

        if (document.Dropped.Count == plan.Targets.Count)
        {
            throw new FunctionChangedException(string.Join("; ", document.Dropped.Select(d => d.Reason)));
        }

        if (!finished)
        {
            return Output(runId, document, plan, [], published: false, versions.Count, planETag);
        }

        var cells = document.MeasuredPlan!.AllCells.Select(cell => new CellTask
        {
            Id = cell.Id,
            TargetIndex = cell.TargetIndex,
            Function = plan.Targets[cell.TargetIndex].Baseline.FunctionName,
            Qualifier = versions[cell.VersionKey],
            MemoryMb = cell.MemoryMb,
            BatchSize = cell.BatchSize,
            Parallelism = cell.Parallelism,
            Invocations = cell.Invocations,
            Concurrency = cell.Concurrency,
            IsBaseline = cell.IsBaseline,
        }).ToList();
        return Output(runId, document, plan, cells, published: true, versions.Count, planETag);
    }

    private PlannerOutput Output(string runId, RunDocument document, TuningPlan plan, IReadOnlyList<CellTask> cells, bool published, int versions, string? planETag) => new()
    {
        RunId = runId,
        Job = document.Job,
        Bucket = _settings.Bucket,
        MaxConcurrency = document.MaxConcurrency,
        EstimatedMaxUsd = plan.Estimate.TotalUsd,
        Cells = cells,
        Published = published,
        Versions = versions,
        PlanETag = planETag,
    };

    /// <summary>
    /// Releases the run's lease of targets just dropped (recorded in plan.json first): the run no longer changes them.
    /// When every target was dropped the run fails, and its Cleaner releases them once it has checked each.
    /// </summary>
    private async Task ReleaseDroppedAsync(string runId, RunDocument document, IEnumerable<DroppedTarget> dropped, bool runFails)
    {
        if (runFails)
        {
            return;
        }

        var tuned = StillTuned(document).Select(b => b.FunctionName).ToHashSet(StringComparer.Ordinal);
        foreach (var target in dropped.DistinctBy(d => d.Function, StringComparer.Ordinal).Where(d => !tuned.Contains(d.Function)))
        {
            try
            {
                await _leases.ReleaseAsync(target.Function, runId, CancellationToken.None);
            }
            catch (TransientDependencyException e)
            {
                // The Cleaner releases it at the end of the run.
                await Console.Error.WriteLineAsync($"releasing the lease of dropped target {target.Function} for run {runId} failed: {e.Message}");
            }
        }
    }

    /// <summary>The baselines of the targets not dropped (a function another target still tunes stays leased).</summary>
    private static IEnumerable<BaselineConfiguration> StillTuned(RunDocument document) =>
        document.Baselines.Where(b => !document.Dropped.Any(d => d.Function == b.FunctionName)
            || document.Plan?.Targets.Any(t => t.Baseline.FunctionName == b.FunctionName && !document.IsDropped(t.TargetIndex)) == true);

    /// <summary>
    /// Validates the request, leases its targets, plans it and records the run (baselines, plan, no versions yet)
    /// before changing anything. Refused after the leases were taken, it releases them: nothing else of it is left.
    /// </summary>
    private async Task<(RunDocument Document, string ETag)> PlanRunAsync(string runId, string? executionArn, JsonElement rawRequest, string? recordedETag, CancellationToken cancellationToken)
    {
        var requestJson = rawRequest.ValueKind == JsonValueKind.Undefined ? "null" : rawRequest.GetRawText();
        var read = TuningRequestReader.Read(requestJson);
        if (!read.IsValid)
        {
            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request is not valid", read.Problems));
        }

        var request = read.Request!;
        var references = _admission.RefuseForeignArns(request);
        var leases = await _leases.AcquireAllAsync(references.Select(r => r.Name), runId, executionArn, cancellationToken);
        foreach (var note in leases.Select(l => l.Note).OfType<string>())
        {
            await Console.Out.WriteLineAsync($"run {runId}: {note}");
        }

        try
        {
            return await PlanLeasedAsync(runId, rawRequest, request, references, leases, recordedETag, cancellationToken);
        }
        catch (Exception e) when (e is not TransientDependencyException)
        {
            foreach (var lease in leases)
            {
                await _leases.ReleaseAsync(lease.Lease.Function, runId, CancellationToken.None);
            }

            throw;
        }
    }

    private async Task<(RunDocument Document, string ETag)> PlanLeasedAsync(
        string runId,
        JsonElement rawRequest,
        TuningRequest request,
        IReadOnlyList<FunctionReference> references,
        IReadOnlyList<LeaseAcquisition> leases,
        string? recordedETag,
        CancellationToken cancellationToken)
    {
        var current = await _admission.ReadTargetsAsync(request, references, cancellationToken);
        var planned = TuningPlanner.Plan(request, current, _prices, _settings.Region);
        if (!planned.IsValid)
        {
            var budget = planned.Problems.Where(p => p.Path == "budget.maxUsd").ToList();
            if (budget.Count > 0)
            {
                throw new BudgetExceededException(PlanProblems.Describe("the plan is over budget, nothing was changed", budget));
            }

            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request cannot be planned", planned.Problems));
        }

        var plan = planned.Plan!;
        var maxConcurrency = _ceilings.MaxConcurrencyFor(rawRequest, request);
        var overCeiling = _ceilings.CeilingProblems(plan, request, maxConcurrency);
        if (overCeiling.Any(p => p.Path == "budget.maxUsd"))
        {
            throw new BudgetExceededException(PlanProblems.Describe("the plan is over the stack's limits, nothing was changed", overCeiling));
        }

        if (overCeiling.Count > 0)
        {
            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request is over the stack's limits, nothing was changed", overCeiling));
        }

        var unfit = StackCeilings.DeadlineProblems(plan);
        if (unfit.Count > 0)
        {
            throw new InvalidTuningRequestException(PlanProblems.Describe("the tuning request cannot be measured within one Executor call", unfit));
        }

        var cellCount = plan.AllCells.Count();
        if (cellCount > MaxCells)
        {
            throw new InvalidTuningRequestException(
                string.Create(CultureInfo.InvariantCulture, $"the tuning request expands to {cellCount} cells, above {MaxCells}: measure fewer tiers or knob values"));
        }

        var document = new RunDocument(
            runId,
            request.Job,
            _settings.Mode,
            request.Region ?? _settings.Region,
            _time.GetUtcNow(),
            rawRequest.Clone(),
            plan.Targets.Select(t => t.Baseline).ToList(),
            plan,
            new Dictionary<string, string>(),
            maxConcurrency)
        {
            Notes = [.. leases.Select(l => l.Note).OfType<string>()],
        };

        // Recorded before any change, so the Cleaner can restore the baselines whatever happens next; a Cleaner that
        // ran before this write found no baselines, so nothing may change once the run has ended. Written once
        // (If-None-Match), then only over the object this Planner wrote (If-Match): nobody else's plan is ever built on.
        string etag;
        if (recordedETag is null)
        {
            etag = await _store.CreatePlanAsync(document, cancellationToken);
        }
        else
        {
            await _store.SaveBaselinesAsync(document, cancellationToken);
            etag = await _store.UpdatePlanAsync(document, recordedETag, cancellationToken);
        }
        if (await _store.HasEndedAsync(runId, cancellationToken))
        {
            throw new RunEndedException($"run {runId} ended before the Planner changed anything");
        }

        return (document, etag);
    }

    /// <summary>
    /// The run an earlier Planner invocation planned and began publishing (<paramref name="recorded"/>, its plan.json,
    /// read once per invocation): never re-planned (the targets' current
    /// configuration is not their baseline any more if a version is half-applied), only checked to be this run's.
    /// </summary>
    private static RunDocument RunToResume(string runId, JsonElement rawRequest, RunDocument? recorded)
    {
        var key = BucketKeys.Plan(runId);
        var document = recorded
            ?? throw new InvalidStateInputException($"cannot resume publishing: {key} does not exist (the Planner did not plan run {runId})");
        if (document.RunId != runId || document.Plan is null)
        {
            throw new InvalidStateInputException($"cannot resume publishing: {key} holds run '{document.RunId}'{(document.Plan is null ? " without a plan" : string.Empty)}, not a plan of run {runId}");
        }

        if (rawRequest.ValueKind != JsonValueKind.Undefined && !JsonElement.DeepEquals(rawRequest, document.Request))
        {
            throw new InvalidStateInputException($"cannot resume publishing: {key} was planned for another request than run {runId}'s input");
        }

        return document;
    }

}
