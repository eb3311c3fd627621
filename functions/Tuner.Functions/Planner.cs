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
/// The <c>Planner</c> state: validates the request, records each target's baseline, refuses functions that are not
/// allowed and plans over budget, publishes one version per cell configuration (one update at a time) and puts
/// <c>$LATEST</c> back right after — also when publishing fails half-way.
/// </summary>
public sealed class Planner
{
    /// <summary>
    /// Most cells one run measures: the Map's result (one summary per cell, ≤ ~600 bytes each) must stay well under
    /// the 256 KiB limit of a state's payload.
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
        var runId = RunKeys.RequireValidRunId(input.RunId);
        var requestJson = input.Request.ValueKind == JsonValueKind.Undefined ? "null" : input.Request.GetRawText();
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

        var maxConcurrency = MaxConcurrencyFor(input.Request, request);
        var baselines = plan.Targets.Select(t => t.Baseline).ToList();
        var document = new RunDocument(
            runId,
            request.Job,
            _settings.Mode,
            request.Region ?? _settings.Region,
            _time.GetUtcNow(),
            input.Request.Clone(),
            baselines,
            plan,
            new Dictionary<string, string>(),
            maxConcurrency);

        // Recorded before any change, so the Cleaner can restore the baselines whatever happens next.
        await _store.SavePlanAsync(document, cancellationToken);
        var versions = await PublishAllAsync(runId, plan, cancellationToken);
        await _store.SavePlanAsync(document with { Versions = versions }, cancellationToken);

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
        return new PlannerOutput(runId, request.Job, _settings.Bucket, maxConcurrency, plan.Estimate.TotalUsd, cells);
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
            catch (LambdaApiException e) when (e.ErrorCode == "ResourceNotFoundException" || e.StatusCode == 404)
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

            if (await policy.CheckAsync(configuration, cancellationToken) is { } reason)
            {
                refused.Add(string.Create(CultureInfo.InvariantCulture, $"targets[{i}].function: {reason}"));
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

    /// <summary>Publishes every planned version, one update at a time per function, and restores each target's <c>$LATEST</c> after.</summary>
    private async Task<Dictionary<string, string>> PublishAllAsync(string runId, TuningPlan plan, CancellationToken cancellationToken)
    {
        var configurator = new FunctionConfigurator(_lambda, _time);
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in plan.Targets)
        {
            try
            {
                var current = await configurator.WaitUntilSettledAsync(target.Baseline.FunctionName, cancellationToken);
                foreach (var version in target.Versions)
                {
                    var wanted = target.Baseline with { MemoryMb = version.MemoryMb, Environment = version.Environment };
                    if (!FunctionConfigurator.Matches(current, wanted))
                    {
                        current = await configurator.ApplyAsync(
                            target.Baseline.FunctionName,
                            new FunctionConfigurationUpdate(version.MemoryMb, target.Baseline.TimeoutSeconds, version.Environment),
                            cancellationToken);
                    }

                    var published = await configurator.PublishAsync(target.Baseline.FunctionName, VersionTag.Describe(runId, version.Key), cancellationToken);
                    versions[version.Key] = published.Version;
                }
            }
            catch (Exception failure)
            {
                await RestoreAfterFailureAsync(configurator, target.Baseline, failure);
                if (failure is LambdaApiException { IsTransient: true } transient)
                {
                    throw new TransientDependencyException($"publishing versions of {target.Baseline.FunctionName} failed: {transient.Message}", transient);
                }

                throw;
            }

            await configurator.RestoreAsync(target.Baseline, cancellationToken);
        }

        return versions;
    }

    private static async Task RestoreAfterFailureAsync(FunctionConfigurator configurator, BaselineConfiguration baseline, Exception failure)
    {
        try
        {
            await configurator.RestoreAsync(baseline, CancellationToken.None);
        }
        catch (Exception restoreFailure) when (restoreFailure is LambdaApiException or TransientDependencyException or InvalidOperationException)
        {
            // The original failure is what the run reports; the Cleaner retries the restore from plan.json.
            await Console.Error.WriteLineAsync($"restoring {baseline.FunctionName} after '{failure.Message}' failed too: {restoreFailure.Message}");
        }
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
