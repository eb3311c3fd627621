using System.Globalization;
using System.Text.Json;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Lambda;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Planner</c> state (and its <c>ResumePlanner</c> loop): validates the request, records each target's baseline,
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

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Planner()
        : this(FunctionServices.Shared)
    {
    }

    private Planner(FunctionServices services)
        : this(services.Lambda, services.Store, services.Settings, PricingCatalog.Default, TimeProvider.System)
    {
    }

    /// <summary>The test constructor.</summary>
    public Planner(ILambdaApi lambda, IObjectStore store, FunctionSettings settings, PricingCatalog prices, TimeProvider time)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _settings = settings;
        _prices = prices;
        _time = time;
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
        var runId = RunKeys.RequireValidRunId(input.RunId);
        // A retried first invocation (Step Functions retries the Planner state after a transient failure) finds the
        // plan it recorded before changing anything and goes on from it, instead of re-reading the targets: a target
        // whose failed attempt could not put $LATEST back would otherwise be recorded changed as its own baseline.
        var recorded = await _store.FindPlanAsync(runId, cancellationToken);
        var resume = input.Resume || recorded is { Plan: not null };
        var document = resume
            ? RunToResume(runId, input.Request, recorded)
            : await PlanRunAsync(runId, input.Request, cancellationToken);

        var plan = document.Plan!;
        var versions = new Dictionary<string, string>(document.Versions, StringComparer.Ordinal);
        var publisher = new VersionPublisher(_lambda, _time, ct => _store.HasEndedAsync(runId, ct));
        var finished = await publisher.PublishAsync(runId, plan, versions, startedAt, _settings.PlannerPublishBudget, resume, cancellationToken);
        if (versions.Count != document.Versions.Count)
        {
            await _store.SavePlanAsync(document with { Versions = versions }, cancellationToken);
        }

        if (!finished)
        {
            return new PlannerOutput(runId, document.Job, _settings.Bucket, document.MaxConcurrency, plan.Estimate.TotalUsd, [], Published: false, versions.Count);
        }

        var cells = plan.AllCells.Select(cell => new CellTask(
            cell.Id,
            cell.TargetIndex,
            plan.Targets[cell.TargetIndex].Baseline.FunctionName,
            versions[cell.VersionKey],
            cell.MemoryMb,
            cell.BatchSize,
            cell.Parallelism,
            cell.Invocations,
            cell.Concurrency,
            cell.IsBaseline)).ToList();
        return new PlannerOutput(runId, document.Job, _settings.Bucket, document.MaxConcurrency, plan.Estimate.TotalUsd, cells, Published: true, versions.Count);
    }

    /// <summary>Validates and plans the request and records the run (baselines, plan, no versions yet) before changing anything.</summary>
    private async Task<RunDocument> PlanRunAsync(string runId, JsonElement rawRequest, CancellationToken cancellationToken)
    {
        var requestJson = rawRequest.ValueKind == JsonValueKind.Undefined ? "null" : rawRequest.GetRawText();
        var read = TuningRequestReader.Read(requestJson);
        if (!read.IsValid)
        {
            throw new InvalidTuningRequestException(Describe("the tuning request is not valid", read.Problems));
        }

        var request = read.Request!;
        var current = await ReadTargetsAsync(request, cancellationToken);
        var planned = TuningPlanner.Plan(request, current, _prices, _settings.Region);
        if (!planned.IsValid)
        {
            var budget = planned.Problems.Where(p => p.Path == "budget.maxUsd").ToList();
            if (budget.Count > 0)
            {
                throw new BudgetExceededException(Describe("the plan is over budget, nothing was changed", budget));
            }

            throw new InvalidTuningRequestException(Describe("the tuning request cannot be planned", planned.Problems));
        }

        var plan = planned.Plan!;
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
            MaxConcurrencyFor(rawRequest, request));

        // Recorded before any change, so the Cleaner can restore the baselines whatever happens next; a Cleaner that
        // ran before this write found no baselines, so nothing may change once the run has ended.
        await _store.SavePlanAsync(document, cancellationToken);
        if (await _store.HasEndedAsync(runId, cancellationToken))
        {
            throw new RunEndedException($"run {runId} ended before the Planner changed anything");
        }

        return document;
    }

    /// <summary>
    /// The run an earlier Planner invocation planned and began publishing (<paramref name="recorded"/>, its plan.json,
    /// read once per invocation): never re-planned (the targets' current
    /// configuration is not their baseline any more if a version is half-applied), only checked to be this run's.
    /// </summary>
    private static RunDocument RunToResume(string runId, JsonElement rawRequest, RunDocument? recorded)
    {
        var key = RunKeys.Plan(runId);
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

    private async Task<List<FunctionConfiguration>> ReadTargetsAsync(TuningRequest request, CancellationToken cancellationToken)
    {
        var policy = new AllowPolicy(_lambda, _settings.AllowedFunctions);
        var current = new List<FunctionConfiguration>();
        var missing = new List<ValidationProblem>();
        var refused = new List<string>();
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var function = request.Targets[i].Function;
            FunctionConfiguration configuration;
            try
            {
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
            if (await policy.CheckAsync(configuration, request.Targets[i].Env.Keys, path, cancellationToken) is { } reasons)
            {
                refused.AddRange(reasons);
            }

            current.Add(configuration);
        }

        if (missing.Count > 0)
        {
            throw new InvalidTuningRequestException(Describe("the tuning request names functions that do not exist", missing));
        }

        if (refused.Count > 0)
        {
            throw new FunctionNotAllowedException("refusing to tune functions that are not allowed, nothing was changed: " + string.Join("; ", refused));
        }

        return current;
    }

    private int MaxConcurrencyFor(JsonElement rawRequest, TuningRequest request)
    {
        // Locally the cells share two cores: measure one at a time unless the request asks for more.
        var explicitValue = rawRequest.ValueKind == JsonValueKind.Object && rawRequest.TryGetProperty("maxConcurrency", out _);
        return !explicitValue && _settings.IsLocal ? 1 : request.MaxConcurrency;
    }

    private static string Describe(string what, IEnumerable<ValidationProblem> problems) =>
        what + ": " + string.Join("; ", problems.Select(p => p.ToString()));
}
