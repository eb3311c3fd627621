using Polly;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Core.Resilience;
using Tuner.Core.Samples;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Measuring;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Executor</c> state (one per unit of a Narrower step): starts the execution environments of the cells that
/// never ran with one warm-up wave each, then samples the unit's cells in interleaved rounds — each round visits the
/// cells that still need samples in a seeded shuffled order, one wave of <c>concurrency</c> invocations per cell — so
/// drift of the machine or the table hits every cell alike. Only warm samples count toward a cell's quota (a stray
/// cold start is recorded, not counted). Writes <see cref="BucketKeys.Samples"/>
/// per cell and the unit summary, and returns a tiny result. Failing invocations (out of memory, timeouts, errors)
/// are recorded, never thrown; after <c>TUNER_EXECUTOR_SECONDS</c> no new wave starts, nor one that could run to the
/// target's timeout past the Executor's own Task timeout (<see cref="TunerFunctions.InvocationFits"/>), and what was
/// taken is written.
/// In a paired unit (the confirmation) the same rounds make pairs: each round is one wave of each of its two cells.
/// In cold mode there is no warm-up and each invocation goes to its own version, never invoked before
/// (<see cref="UnitCell.ColdQualifiers"/>, each used once): only cold starts count.
/// </summary>
public sealed class Executor
{
    /// <summary>A cell whose first invocations all fail stops early: more of them would only repeat the failure.</summary>
    public const int FailFastInvocations = 5;

    /// <summary>Rounds of different steps never share a number: round = step × this + the round within the step.</summary>
    public const int RoundsPerStep = 100_000;

    /// <summary>Error messages in the summary are cut here (the full ones are in the samples) to keep it small.</summary>

    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly FunctionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _invokeRetry;
    private (string RunId, TuningRequest Request, TuningPlan? Plan)? _lastRun; // a warm Executor serves one run's units

    /// <summary>The Lambda runtime's constructor: dependencies from the environment.</summary>
    public Executor()
        : this(FunctionServices.Shared)
    {
    }

    private Executor(FunctionServices services)
        : this(services.Lambda, services.Store, services.Settings, TimeProvider.System)
    {
    }

    /// <summary>The test constructor.</summary>
    public Executor(ILambdaApi lambda, IObjectStore store, FunctionSettings settings, TimeProvider time)
    {
        _lambda = lambda;
        _store = new RunStore(store);
        _settings = settings;
        _time = time;
        _invokeRetry = RetryPipelines.ThrottledInvoke(
            new RetryBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), new Random()),
            time,
            e => e is LambdaApiException { IsThrottling: true },
            e => (e as LambdaApiException)?.RetryAfter);
    }

    public async Task<Stream> Handle(Stream input)
    {
        var executorInput = await HandlerJson.ReadAsync<ExecutorInput>(input);
        return HandlerJson.Write(await ExecuteAsync(executorInput, CancellationToken.None));
    }

    internal async Task<ExecutorOutput> ExecuteAsync(ExecutorInput input, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var runId = RunId.RequireValid(input.RunId);
        var unit = input.Unit ?? throw new InvalidStateInputException("the Executor input has no unit");
        if (unit.Step < 1 || unit.Cells is null || unit.Cells.Count == 0)
        {
            throw new InvalidStateInputException("the unit needs a step of at least 1 and at least one cell");
        }

        foreach (var c in unit.Cells)
        {
            if (string.IsNullOrEmpty(c.Id) || string.IsNullOrEmpty(c.Function) || string.IsNullOrEmpty(c.Qualifier) || c.Samples < 0)
            {
                throw new InvalidStateInputException("every cell of the unit needs an id, a function, a qualifier and a sample count");
            }
        }

        if (input.Bucket is not null && input.Bucket != _settings.Bucket)
        {
            throw new InvalidStateInputException($"the run's bucket '{input.Bucket}' is not this function's bucket '{_settings.Bucket}'");
        }

        var (target, targetTimeoutSeconds) = await TargetAsync(runId, unit.TargetIndex, cancellationToken);
        if (target.Measure == MeasureMode.Cold && unit.Cells.FirstOrDefault(c => c.ColdQualifiers is not { Count: > 0 }) is { } uncovered)
        {
            throw new InvalidStateInputException($"cell {uncovered.Id} of a cold-mode target has no versions to invoke (coldQualifiers)");
        }

        var cells = unit.Cells.Select(c => new CellRun(c, unit, target)).ToList();
        var deadline = started + (long)(_settings.ExecutorBudget.TotalSeconds * _time.TimestampFrequency);
        var invokeStarted = _time.GetTimestamp();
        // The Task's clock started before the handler's: count from ExecutorStartSeconds before the first invocation.
        var taskStarted = Math.Min(started, invokeStarted - (TunerFunctions.ExecutorStartSeconds * _time.TimestampFrequency));

        // No invocation after the budget, nor one that could run (to the target's timeout) past the Task timeout.
        bool Late()
        {
            var now = _time.GetTimestamp();
            return now >= deadline || !TunerFunctions.InvocationFits(_time.GetElapsedTime(taskStarted, now), targetTimeoutSeconds);
        }

        var deadlineReached = false;
        // In cold mode the cold starts are what is measured: no warm-up may start the environments first.
        foreach (var cell in cells.Where(c => c.Cell.WarmUp && target.Measure != MeasureMode.Cold))
        {
            if (Late())
            {
                deadlineReached = true;
                break;
            }

            await WaveAsync(cell, cell.Concurrency, unit.Step * RoundsPerStep, warmup: true, cancellationToken);
        }

        for (var round = 1; !deadlineReached; round++)
        {
            var active = cells.Where(c => c.NeedsMore).ToList();
            if (active.Count == 0)
            {
                break;
            }

            Shuffle(active, new Random(unit.Seed + round));
            foreach (var cell in active)
            {
                if (Late())
                {
                    deadlineReached = true;
                    break;
                }

                await WaveAsync(cell, Math.Min(Math.Min(cell.Concurrency, cell.Cell.Samples - cell.Counted), cell.ColdVersionsLeft), (unit.Step * RoundsPerStep) + round, warmup: false, cancellationToken);
            }
        }

        var invokePhase = _time.GetElapsedTime(invokeStarted);
        var summaries = new List<CellSummary>();
        foreach (var cell in cells)
        {
            var key = BucketKeys.Samples(runId, cell.Cell.Id, unit.Step);
            await _store.PutAsync(key, SampleJsonl.Write(cell.Samples), SampleJsonl.ContentType, cancellationToken);
            summaries.Add(cell.Summarize(key));
        }

        var summaryKey = BucketKeys.UnitSummary(runId, unit.Step, unit.Unit);
        var summary = new UnitSummary(unit.Step, unit.Unit, unit.TargetIndex, unit.Stage, deadlineReached, summaries);
        await _store.PutAsync(summaryKey, Tuner.Core.Serialization.TunerJson.Serialize(summary), "application/json", cancellationToken);
        return new ExecutorOutput
        {
            Step = unit.Step,
            Unit = unit.Unit,
            TargetIndex = unit.TargetIndex,
            Stage = unit.Stage,
            Cells = cells.Count,
            Samples = cells.Sum(c => c.Counted),
            Invocations = cells.Sum(c => c.Attempted),
            CellsFailed = summaries.Count(s => s.Status == CellStatus.Failed),
            DeadlineReached = deadlineReached,
            InvokePhaseMs = invokePhase.TotalMilliseconds,
            SummaryKey = summaryKey,
        };
    }

    /// <summary>Fisher–Yates with the given generator: the same seed gives the same order.</summary>
    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>The unit's target as the request has it, and its timeout as the Planner read it (the baseline's).</summary>
    private async Task<(TuningTarget Target, int TimeoutSeconds)> TargetAsync(string runId, int targetIndex, CancellationToken cancellationToken)
    {
        if (_lastRun is not { } last || last.RunId != runId)
        {
            var (document, read) = await _store.ReadRunAsync(runId, cancellationToken);
            last = (runId, read, document.Plan);
            _lastRun = last;
        }

        var request = last.Request;
        if (targetIndex < 0 || targetIndex >= request.Targets.Count)
        {
            throw new InvalidStateInputException($"the unit names target {targetIndex}, the request has {request.Targets.Count}");
        }

        var planned = last.Plan?.Targets.FirstOrDefault(t => t.TargetIndex == targetIndex)
            ?? throw new InvalidStateInputException($"the run's plan has no target {targetIndex}");
        return (request.Targets[targetIndex], planned.Baseline.TimeoutSeconds);
    }

    /// <summary>One wave: <paramref name="size"/> concurrent invocations of the cell's version.</summary>
    private async Task WaveAsync(CellRun cell, int size, int round, bool warmup, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var invocations = Enumerable.Range(0, size).Select(_ =>
        {
            var index = cell.NextIndex();
            var qualifier = cell.NextQualifier();
            return Task.Run(
                async () => (Index: index, Result: await InvokeOnceAsync(cell, qualifier, index, cancellationToken)),
                CancellationToken.None);
        }).ToList();
        foreach (var (index, result) in await Task.WhenAll(invocations))
        {
            cell.Record(index, result, round, warmup);
        }

        cell.InvokeTime += _time.GetElapsedTime(started);
    }

    /// <summary>
    /// One invocation of the cell's version. Only a throttled attempt is retried — Lambda answers 429 before running the
    /// function — and the number of those retries is recorded on the sample; any other failure is recorded, never repeated.
    /// </summary>
    private async Task<SampleResult> InvokeOnceAsync(CellRun cell, string qualifier, int index, CancellationToken cancellationToken)
    {
        var payload = PayloadSchedule.Bytes(cell.Target, index);
        var attempts = 0;
        try
        {
            var invocation = await _invokeRetry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await _lambda.InvokeAsync(cell.Cell.Function, qualifier, payload, token);
                },
                cancellationToken);
            var result = SampleFactory.FromInvocation(cell.Cell.Id, index, invocation);
            return result.Sample is { } sample ? result with { Sample = sample with { InvokeThrottles = attempts - 1 } } : result;
        }
        catch (LambdaApiException e) when (e.IsThrottling)
        {
            return new SampleResult(null, $"Invoke failed: {e.ErrorCode}: throttled on all {attempts} attempts (the function did not run): {e.Message}");
        }
        catch (LambdaApiException e)
        {
            return new SampleResult(null, $"Invoke failed: {e.ErrorCode}: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            return new SampleResult(null, $"Invoke failed: {e.Message}");
        }
    }
}
