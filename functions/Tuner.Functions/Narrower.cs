using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Narrower</c> state, called before every <c>Measure</c> pass: reads the plan, the stage history
/// (<c>stages.json</c>, absent on the first call) and every sample so far, asks <see cref="StagePlanner"/> for each
/// target's next stage, records it, and returns the units the Map hands to one Executor each — or <c>done</c> when no
/// target needs more samples. A cold-mode target's quotas take unused versions of each cell's pool
/// (<see cref="ColdVersionPool"/>); when none is left for any cell of its next stage, the target is done.
/// </summary>
public sealed class Narrower
{
    /// <summary>
    /// Most Narrower calls one run makes: far above what the planner's stages need (first pass, a few narrowings, the
    /// confirmation, their continuations), so reaching it means the stages stopped converging.
    /// </summary>
    public const int MaxSteps = 60;

    private readonly RunStore _store;
    private readonly FunctionSettings _settings;
    private readonly PricingCatalog _prices;

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Narrower()
        : this(FunctionServices.Shared)
    {
    }

    private Narrower(FunctionServices services)
        : this(services.Store, services.Settings, PricingCatalog.Default)
    {
    }

    /// <summary>The test constructor.</summary>
    public Narrower(IObjectStore store, FunctionSettings settings, PricingCatalog prices)
    {
        _store = new RunStore(store);
        _settings = settings;
        _prices = prices;
    }

    public async Task<Stream> Handle(Stream input)
    {
        var narrowerInput = await HandlerJson.ReadAsync<NarrowerInput>(input);
        return HandlerJson.Write(await NarrowAsync(narrowerInput, CancellationToken.None));
    }

    internal async Task<NarrowerOutput> NarrowAsync(NarrowerInput input, CancellationToken cancellationToken)
    {
        var runId = RunId.RequireValid(input.RunId);
        if (input.Bucket is not null && input.Bucket != _settings.Bucket)
        {
            throw new InvalidStateInputException($"the run's bucket '{input.Bucket}' is not this function's bucket '{_settings.Bucket}'");
        }

        var (document, request) = await _store.ReadRunAsync(runId, cancellationToken);
        // Targets dropped while publishing (changed under Tuner) are not measured.
        var plan = document.MeasuredPlan ?? throw new InvalidStateInputException($"{BucketKeys.Plan(runId)} has no plan");
        var stages = await _store.FindStagesAsync(runId, cancellationToken);
        if (stages is { Units.Count: > 0 } && (await _store.ListAsync(BucketKeys.StepPrefix(runId, stages.Step), cancellationToken)).Count == 0)
        {
            // No Executor has written a summary of the last step: it was never measured (this call is a retry of a
            // Narrower whose result was lost). Hand out the same step again instead of deciding on missing samples.
            return Output(runId, document, stages.Step, stages.Units);
        }

        var step = (stages?.Step ?? 0) + 1;
        if (step > MaxSteps)
        {
            throw new InvalidStateInputException($"run {runId} reached {MaxSteps} measurement steps without finishing: the stages do not converge");
        }

        var (samples, _) = await _store.ReadSamplesAsync(runId, plan.AllCells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var byCell = samples.ToLookup(s => s.CellId, StringComparer.Ordinal);
        var region = request.Region ?? document.Region;
        var active = plan.Targets.Count(t => !IsDone(stages, t.TargetIndex));
        var unitsPerStage = Math.Max(1, document.MaxConcurrency / Math.Max(1, active));

        var targets = new List<TargetStages>();
        var units = new List<MeasureUnit>();
        var coldPool = new ColdVersionPool(runId, stages?.ColdVersionsHandedOut, document.Versions);
        foreach (var targetPlan in plan.Targets)
        {
            var history = stages?.Targets.FirstOrDefault(t => t.TargetIndex == targetPlan.TargetIndex);
            if (history is { Done: true })
            {
                targets.Add(history);
                continue;
            }

            var target = request.Targets[targetPlan.TargetIndex];
            var (records, stage, quotas) = NextStage(target, request.Objective, targetPlan, history?.Stages ?? [], byCell, _prices.Get(region, targetPlan.Architecture));
            IReadOnlyDictionary<string, IReadOnlyList<string>>? coldQualifiers = null;
            if (stage is not null && target.Measure == MeasureMode.Cold)
            {
                var taken = coldPool.Take(targetPlan, quotas);
                if (taken.Count == 0)
                {
                    // Every cell of the stage has used its versions: the target is decided on the samples it has.
                    records.RemoveAt(records.Count - 1);
                    stage = null;
                }

                quotas = [.. taken.Select(t => t.Quota)];
                coldQualifiers = taken.ToDictionary(t => t.Quota.CellId, t => t.Qualifiers, StringComparer.Ordinal);
            }

            if (stage is null)
            {
                targets.Add(new TargetStages(targetPlan.TargetIndex, Done: true, records));
                continue;
            }

            targets.Add(new TargetStages(targetPlan.TargetIndex, Done: false, records));
            units.AddRange(Units(runId, step, units.Count, targetPlan, document.Versions, stage, quotas, unitsPerStage, coldQualifiers));
        }

        await _store.SaveStagesAsync(new StagesDocument(runId, step, targets, units, coldPool.HandedOut.Count > 0 ? coldPool.HandedOut : null), cancellationToken);
        return Output(runId, document, step, units);
    }

    private NarrowerOutput Output(string runId, RunDocument document, int step, IReadOnlyList<MeasureUnit> units) => new()
    {
        RunId = runId,
        Bucket = _settings.Bucket,
        MaxConcurrency = document.MaxConcurrency,
        Step = step,
        Done = units.Count == 0,
        Units = units,
    };

    /// <summary>A stable seed for a step's shuffles (FNV-1a of the run id and the step): the same run measures in the same order.</summary>
    public static int Seed(string runId, int step)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"{runId}/{step}")))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static bool IsDone(StagesDocument? stages, int targetIndex) =>
        stages?.Targets.FirstOrDefault(t => t.TargetIndex == targetIndex) is { Done: true };

    /// <summary>
    /// The target's history with its next stage appended (a resumed stage is appended as a continuation record), that
    /// stage and its quotas; the stage is null when the target is finished.
    /// </summary>
    private static (List<StageRecord> Records, StageRecord? Stage, IReadOnlyList<CellQuota> Quotas) NextStage(
        TuningTarget target, Objective objective, TargetPlan targetPlan, IReadOnlyList<StageRecord> history, ILookup<string, Sample> samples, PriceSheet sheet)
    {
        var observations = new Dictionary<string, CellObservations>(StringComparer.Ordinal);
        foreach (var cell in targetPlan.Cells)
        {
            var cellObservations = new CellObservations(cell, CellPrices.For(cell.MemoryMb, sheet), target.Measure);
            foreach (var sample in samples[cell.Id])
            {
                cellObservations.Add(sample);
            }

            observations[cell.Id] = cellObservations;
        }

        var context = TargetContext.For(targetPlan, target, objective);
        var records = history.ToList();

        // A stage whose quotas are all zero measures nothing: record it and ask again (bounded: stage numbers only grow).
        for (var attempt = 0; attempt < MaxSteps; attempt++)
        {
            var next = StagePlanner.Next(context, records, observations);
            if (next.Stage is not { } stage)
            {
                return (records, null, []);
            }

            // A resumed stage is appended too (same number, one more continuation, no new drops): the history keeps
            // what was dropped on entering the stage.
            records.Add(stage);

            var quotas = next.Quotas.Where(q => q.Samples > 0).ToList();
            if (quotas.Count > 0)
            {
                return (records, stage, quotas);
            }
        }

        return (records, null, []);
    }

    private static IEnumerable<MeasureUnit> Units(
        string runId,
        int step,
        int firstUnit,
        TargetPlan targetPlan,
        IReadOnlyDictionary<string, string> versions,
        StageRecord stage,
        IReadOnlyList<CellQuota> quotas,
        int unitsPerStage,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? coldQualifiers)
    {
        var cells = targetPlan.Cells.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var unitCells = quotas.Select(q =>
        {
            var cell = cells[q.CellId];
            if (!versions.TryGetValue(cell.VersionKey, out var qualifier))
            {
                throw new InvalidStateInputException($"cell {cell.Id} has no published version in {BucketKeys.Plan(runId)}");
            }

            var cold = coldQualifiers?.GetValueOrDefault(cell.Id);
            return new UnitCell
            {
                Id = cell.Id,
                Function = targetPlan.Baseline.FunctionName,
                Qualifier = cold?[0] ?? qualifier,
                Samples = q.Samples,
                WarmUp = q.WarmUp,
                Concurrency = Math.Max(1, cell.Concurrency),
                ColdQualifiers = cold,
            };
        }).ToList();

        var paired = stage.Kind == StageKind.Confirmation;
        var count = paired ? 1 : Math.Min(unitsPerStage, unitCells.Count);
        var seed = Seed(runId, step);
        for (var k = 0; k < count; k++)
        {
            // Round-robin, so every unit gets a share of the stage's tiers instead of one unit holding the slow ones.
            var share = unitCells.Where((_, i) => i % count == k).ToList();
            yield return new MeasureUnit
            {
                Unit = firstUnit + k,
                TargetIndex = targetPlan.TargetIndex,
                Stage = stage.Number,
                Kind = stage.Kind,
                Step = step,
                Paired = paired,
                Seed = seed,
                Cells = share,
            };
        }
    }
}
