using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Core.Ports;
using Tuner.Core.Pricing;
using Tuner.Core.Samples;
using Tuner.Core.Serialization;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests;

public sealed class ExecutorTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly InMemoryObjectStore _store = new();

    private Executor CreateExecutor(TimeProvider? time = null, string executorSeconds = "") =>
        new(_lambda, _store, Requests.Settings(executorSeconds: executorSeconds), time ?? TimeProvider.System);

    /// <summary>Runs the real Planner so plan.json and the versions exist, and returns the cells.</summary>
    private async Task<IReadOnlyList<CellTask>> PlanAsync(string function = "orders-ingest")
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Small(function), runId = Requests.RunId });
        return output.Cells;
    }

    private static MeasureUnit Unit(IEnumerable<CellTask> cells, int samples, bool warmUp = false, int concurrency = 1, int step = 1, bool paired = false, int seed = 7) =>
        StateMessages.Unit(2, paired ? StageKind.Confirmation : StageKind.Narrowing, step, paired, seed, [.. cells.Select(c => StateMessages.Cell(c.Id, c.Function, c.Qualifier, samples, warmUp, concurrency))]);

    private Task<ExecutorOutput> ExecuteAsync(MeasureUnit unit, Executor? executor = null, string bucket = "tuner-test") =>
        HandlerCall.InvokeAsync<ExecutorOutput>((executor ?? CreateExecutor()).Handle, new { runId = Requests.RunId, bucket, unit });

    private List<Sample> Samples(string cellId, int step = 1)
    {
        var samples = new List<Sample>();
        Assert.Empty(SampleJsonl.Read(_store.Objects[BucketKeys.Samples(Requests.RunId, cellId, step)], samples));
        return samples;
    }

    private UnitSummary Summary(ExecutorOutput output) => TunerJson.Deserialize<UnitSummary>(_store.Objects[output.SummaryKey])!;

    /// <summary>The qualifiers invoked, in order (one entry per invocation).</summary>
    private List<string> Invoked() => [.. _lambda.Calls.Where(c => c.StartsWith("Invoke ", StringComparison.Ordinal)).Select(c => c[(c.IndexOf(':', StringComparison.Ordinal) + 1)..])];

    [Fact]
    public async Task Handle_SuccessfulInvocations_WritesSamplesPerStepAndUnitSummary()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var payloads = new List<string>();
        function.Behaviour = (configuration, payload) =>
        {
            lock (payloads)
            {
                payloads.Add(payload);
            }

            return Task.FromResult(FakeLambdaApi.Success(configuration, 120));
        };

        var output = await ExecuteAsync(Unit([cell], samples: 4, concurrency: 2, step: 3));

        Assert.Equal(4, output.Samples);
        Assert.Equal(4, output.Invocations);
        Assert.False(output.DeadlineReached);
        Assert.Equal(BucketKeys.UnitSummary(Requests.RunId, 3, 0), output.SummaryKey);
        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(CellStatus.Measured, summary.Status);
        Assert.Equal(cell.Id, summary.CellId);
        Assert.Equal(120, summary.MedianDurationMs);
        Assert.Equal(BucketKeys.Samples(Requests.RunId, cell.Id, 3), summary.SamplesKey);
        Assert.All(payloads, p => Assert.Equal("""{"events":10}""", p));
        var samples = Samples(cell.Id, step: 3);
        Assert.Equal(4, samples.Count);
        Assert.Equal(4, samples.Select(s => s.Index).Distinct().Count());
        Assert.All(samples, s => Assert.Equal(2, s.Stage));
        Assert.All(samples, s => Assert.InRange(s.Round, (3 * Executor.RoundsPerStep) + 1, (3 * Executor.RoundsPerStep) + 2));
        Assert.All(samples, s => Assert.Equal(100, s.Items));
        Assert.All(samples, s => Assert.True(s.IsWarm));
    }

    [Fact]
    public async Task Handle_WarmUp_OneWaveFlaggedWarmupBeforeTheCountedSamples()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 50, cold: Interlocked.Increment(ref count) <= 2));

        var output = await ExecuteAsync(Unit([cell], samples: 4, warmUp: true, concurrency: 2));

        Assert.Equal(4, output.Samples);
        Assert.Equal(6, output.Invocations);
        var samples = Samples(cell.Id);
        var warmups = samples.Where(s => s.Warmup).ToList();
        Assert.Equal(2, warmups.Count);
        Assert.All(warmups, s => Assert.Equal(Executor.RoundsPerStep, s.Round));
        Assert.Equal(4, samples.Count(s => s.IsWarm));
        Assert.Equal(2, Summary(output).Cells[0].ColdStarts);
    }

    [Fact]
    public async Task Handle_Rounds_VisitEveryCellOncePerRoundInASeededReproducibleOrder()
    {
        var function = _lambda.Add("orders-ingest");
        var cells = (await PlanAsync()).Take(4).ToList();
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 30));

        await ExecuteAsync(Unit(cells, samples: 6, seed: 11));
        var first = Invoked();
        _lambda.Calls.Clear();
        await ExecuteAsync(Unit(cells, samples: 6, seed: 11));
        var again = Invoked();
        _lambda.Calls.Clear();
        await ExecuteAsync(Unit(cells, samples: 6, seed: 12));
        var otherSeed = Invoked();

        Assert.Equal(24, first.Count);
        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
        var rounds = first.Chunk(4).ToList();
        Assert.All(rounds, r => Assert.Equal(cells.Select(c => c.Qualifier).Order(), r.Order()));
        Assert.True(rounds.Select(r => string.Join(",", r)).Distinct().Count() > 1, "every round visited the cells in the same order");
        Assert.All(cells, c => Assert.Equal(6, Samples(c.Id).Select(s => s.Round).Distinct().Count()));
    }

    [Fact]
    public async Task Handle_PairedUnit_EachRoundIsOneWaveOfEachCell()
    {
        var function = _lambda.Add("orders-ingest");
        var plan = await PlanAsync();
        var (challenger, baseline) = (plan[2], plan[0]);
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 30));

        var output = await ExecuteAsync(Unit([challenger, baseline], samples: 5, concurrency: 2, paired: true));

        Assert.Equal(10, output.Samples);
        var c = Samples(challenger.Id).GroupBy(s => s.Round).ToDictionary(g => g.Key, g => g.Count());
        var b = Samples(baseline.Id).GroupBy(s => s.Round).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(c, b);
        Assert.Equal([2, 2, 1], c.OrderBy(kv => kv.Key).Select(kv => kv.Value));
        var order = Invoked();
        // Waves never mix: each round is 2 invocations of one side then 2 of the other (1 and 1 in the last).
        Assert.Equal(2, order.Take(4).Distinct().Count());
        Assert.Equal(order[0], order[1]);
        Assert.Equal(order[2], order[3]);
    }

    [Fact]
    public async Task Handle_StrayColdStart_IsRecordedButNotCounted()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 40, cold: Interlocked.Increment(ref count) == 2));

        var output = await ExecuteAsync(Unit([cell], samples: 4));

        Assert.Equal(4, output.Samples);
        Assert.Equal(5, output.Invocations);
        var samples = Samples(cell.Id);
        Assert.Equal(5, samples.Count);
        var cold = Assert.Single(samples, s => s.ColdStart);
        Assert.False(cold.IsWarm);
        Assert.False(cold.Warmup);
    }

    [Fact]
    public async Task Handle_EveryInvocationCold_StopsAtTheAttemptCap()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Success(configuration, 40, cold: true));

        var output = await ExecuteAsync(Unit([cell], samples: 4, concurrency: 2));

        Assert.Equal(0, output.Samples);
        Assert.Equal((2 * 4) + 2, output.Invocations);
    }

    [Fact]
    public async Task Handle_DeadlinePassed_StopsStartingWavesAndWritesWhatItHas()
    {
        var function = _lambda.Add("orders-ingest");
        var cells = (await PlanAsync()).Take(2).ToList();
        var time = new AutoAdvancingTimeProvider(FunctionsClock.Start);
        function.Behaviour = (configuration, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(3));
            return Task.FromResult(FakeLambdaApi.Success(configuration, 30));
        };

        var output = await ExecuteAsync(Unit(cells, samples: 10), CreateExecutor(time, executorSeconds: "10"));

        Assert.True(output.DeadlineReached);
        Assert.Equal(4, output.Invocations);
        Assert.True(Summary(output).DeadlineReached);
        Assert.Equal(4, cells.Sum(c => Samples(c.Id).Count));
        Assert.All(cells, c => Assert.Equal(2, Samples(c.Id).Count));
        Assert.All(Summary(output).Cells, c => Assert.Equal((10, 2, true), (c.SamplesRequested, c.SamplesCounted, c.CutShort(true))));
    }

    [Fact]
    public async Task Handle_TargetTimeoutLongerThanWhatIsLeftOfTheTaskTimeout_StopsBeforeTheBudgetAndWritesWhatItHas()
    {
        // A 400 s target whose invocations take 100 s: before the 600 s budget, the Executor starts the 6th at 500 s,
        // which could run to 900 s (plus the 10 s counted for its start), past its 900 s Task timeout with its samples
        // unwritten. It stops after the 5th (started at 400 s: 10 + 400 + 400 + 30 = 840 s); the 6th would end at 940.
        var function = _lambda.Add("orders-ingest", timeoutSeconds: 400);
        var cells = (await PlanAsync()).Take(2).ToList();
        var time = new AutoAdvancingTimeProvider(FunctionsClock.Start);
        var starts = new List<TimeSpan>();
        function.Behaviour = (configuration, _) =>
        {
            starts.Add(time.GetUtcNow() - FunctionsClock.Start);
            time.Advance(TimeSpan.FromSeconds(100));
            return Task.FromResult(FakeLambdaApi.Success(configuration, 30));
        };

        var output = await ExecuteAsync(Unit(cells, samples: 10), CreateExecutor(time));

        Assert.True(output.DeadlineReached);
        Assert.Equal(5, output.Invocations);
        Assert.All(starts, s => Assert.True(TunerFunctions.ExecutorStartSeconds + s.TotalSeconds + 400 + TunerFunctions.ExecutorWriteSeconds <= 900, $"an invocation started at {s.TotalSeconds} s"));
        Assert.Equal(5, output.Samples);
        Assert.Equal(5, cells.Sum(c => Samples(c.Id).Count));
        Assert.True(Summary(output).DeadlineReached);
        Assert.All(Summary(output).Cells, c => Assert.True(c.CutShort(true)));
    }

    [Fact]
    public async Task Handle_InvokesTheCellsVersion_WithBoundedConcurrency()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[2];
        function.Behaviour = async (configuration, _) =>
        {
            await Task.Delay(20);
            return FakeLambdaApi.Success(configuration, 20);
        };

        await ExecuteAsync(Unit([cell], samples: 12, concurrency: 3));

        Assert.Equal(3, _lambda.MaxInFlight);
        Assert.Equal(12, _lambda.Calls.Count(c => c == $"Invoke orders-ingest:{cell.Qualifier}"));
    }

    [Fact]
    public async Task Handle_OutOfMemory_RecordsFailedCellWithErrorTypeAndStopsEarly()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        function.Behaviour = (configuration, _) => Task.FromResult(FakeLambdaApi.Failure(configuration, "Runtime.OutOfMemory", "Runtime exited with error: signal: killed"));

        var output = await ExecuteAsync(Unit([cell], samples: 50));

        Assert.Equal(1, output.CellsFailed);
        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(CellStatus.Failed, summary.Status);
        Assert.Equal("Runtime.OutOfMemory", summary.ErrorType);
        Assert.Equal(Executor.FailFastInvocations, summary.Invocations);
        Assert.Equal(Executor.FailFastInvocations, summary.Errors);
        Assert.Null(summary.MedianDurationMs);
        Assert.All(Samples(cell.Id), s => Assert.Equal("Runtime.OutOfMemory", s.ErrorType));
    }

    [Fact]
    public async Task Handle_SomeInvocationsFail_CellIsMeasuredWithErrors()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (configuration, _) => Task.FromResult(
            Interlocked.Increment(ref count) % 3 == 0
                ? FakeLambdaApi.Failure(configuration, "ProvisionedThroughputExceededException", "throttled")
                : FakeLambdaApi.Success(configuration, 80));

        var output = await ExecuteAsync(Unit([cell], samples: 6));

        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(CellStatus.Measured, summary.Status);
        Assert.Equal(6, summary.Samples);
        Assert.Equal(2, summary.Errors);
        Assert.Equal("ProvisionedThroughputExceededException", summary.ErrorType);
    }

    [Fact]
    public async Task Handle_ThrottledInvoke_IsRetried()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (configuration, _) => Interlocked.Increment(ref count) == 1
            ? throw new LambdaApiException("TooManyRequestsException", 429, "Rate exceeded")
            : Task.FromResult(FakeLambdaApi.Success(configuration, 50));

        var output = await ExecuteAsync(Unit([cell], samples: 2));

        Assert.Equal(2, output.Samples);
        Assert.Equal(0, Summary(output).Cells[0].Problems);
        Assert.Equal(3, count);
        Assert.Equal([1, 0], Samples(cell.Id).OrderBy(s => s.Index).Select(s => s.InvokeThrottles));
        Assert.Equal(1, Summary(output).Cells[0].InvokeThrottles);
    }

    [Fact]
    public async Task Handle_ServiceErrorOnInvoke_IsNeverRepeated()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (configuration, _) => Interlocked.Increment(ref count) == 1
            ? throw new LambdaApiException("ServiceException", 500, "the function may or may not have run")
            : Task.FromResult(FakeLambdaApi.Success(configuration, 50));

        var output = await ExecuteAsync(Unit([cell], samples: 2));

        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(3, count); // one failed invocation recorded as a problem, two samples: nothing sent twice
        Assert.Equal(1, summary.Problems);
        Assert.Equal(2, output.Samples);
        Assert.Contains("ServiceException", summary.ErrorMessage, StringComparison.Ordinal);
        Assert.All(Samples(cell.Id), s => Assert.Equal(0, s.InvokeThrottles));
    }

    [Fact]
    public async Task Handle_ThrottledOnEveryAttempt_RecordsAProblemAfterFourAttempts()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        var count = 0;
        function.Behaviour = (_, _) =>
        {
            Interlocked.Increment(ref count);
            throw new LambdaApiException("TooManyRequestsException", 429, "Rate exceeded") { RetryAfter = TimeSpan.FromMilliseconds(1) };
        };

        var output = await ExecuteAsync(Unit([cell], samples: 1));

        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(CellStatus.Failed, summary.Status);
        Assert.Equal(4 * summary.Invocations, count);
        Assert.Contains("throttled on all 4 attempts (the function did not run)", summary.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_NoReportLine_CountsAProblemNotASample()
    {
        var function = _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[1];
        function.Behaviour = (configuration, _) => Task.FromResult(new InvocationResult(200, "{}"u8.ToArray(), null, "no report here", configuration.Version));

        var output = await ExecuteAsync(Unit([cell], samples: 5));

        var summary = Assert.Single(Summary(output).Cells);
        Assert.Equal(CellStatus.Failed, summary.Status);
        Assert.Equal(0, summary.Samples);
        Assert.Equal(Executor.FailFastInvocations, summary.Problems);
        Assert.Equal("NoReport", summary.ErrorType);
    }

    /// <summary>Plans <see cref="Requests.Cold"/> with the real Planner; returns each cell's published cold versions in order.</summary>
    private async Task<Dictionary<string, List<string>>> PlanColdAsync(int concurrency = 1)
    {
        var planner = new Planner(_lambda, _store, Requests.Settings(), PricingCatalog.Default, TimeProvider.System);
        var output = await HandlerCall.InvokeAsync<PlannerOutput>(planner.Handle, new { request = Requests.Cold(concurrency: concurrency), runId = Requests.RunId });
        var document = TunerJson.Deserialize<RunDocument>(_store.Objects[BucketKeys.Plan(Requests.RunId)])!;
        return output.Cells.ToDictionary(
            c => c.Id,
            c => Enumerable.Range(1, 6).Select(k => document.Versions[Tuner.Core.Planning.ColdStartVersions.Key(c.Id, k)]).ToList());
    }

    /// <summary>Reports a cold start on the first invocation of each version only, as Lambda does.</summary>
    private static Func<FunctionConfiguration, string, Task<InvocationResult>> ColdOnFirstInvocation()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return (configuration, _) =>
        {
            bool cold;
            lock (seen)
            {
                cold = seen.Add(configuration.Version);
            }

            return Task.FromResult(FakeLambdaApi.Success(configuration, 40, cold));
        };
    }

    private static MeasureUnit ColdUnit(string cellId, IReadOnlyList<string> qualifiers, int samples, int concurrency = 1) =>
        StateMessages.Unit(1, StageKind.FirstPass, 1, false, 7, [StateMessages.Cell(cellId, "orders-ingest", qualifiers[0], samples, warmUp: true, concurrency, qualifiers)]);

    [Fact]
    public async Task Handle_ColdMode_InvokesEachVersionExactlyOnceWithoutWarmUpAndCountsOnlyColdStarts()
    {
        var function = _lambda.Add("orders-ingest");
        var pools = await PlanColdAsync(concurrency: 2);
        function.Behaviour = ColdOnFirstInvocation();
        var (cellId, pool) = pools.First(p => p.Key != "t0-baseline");
        var qualifiers = pool.Take(4).ToList();

        var output = await ExecuteAsync(ColdUnit(cellId, qualifiers, samples: 4, concurrency: 2));

        Assert.Equal(4, output.Samples);
        Assert.Equal(4, output.Invocations);
        Assert.Equal(qualifiers.Order(), Invoked().Order());
        var samples = Samples(cellId);
        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.True(s.ColdStart));
        Assert.All(samples, s => Assert.False(s.Warmup));
        Assert.All(samples, s => Assert.Equal(150, s.InitDurationMs));
        Assert.DoesNotContain(samples, s => s.IsWarm);
        Assert.Equal(4, Summary(output).Cells[0].ColdStarts);
    }

    [Fact]
    public async Task Handle_ColdModeVersionAlreadyInvoked_IsRecordedNotCountedAndNoVersionIsInvokedTwice()
    {
        var function = _lambda.Add("orders-ingest");
        var pools = await PlanColdAsync();
        var behaviour = ColdOnFirstInvocation();
        function.Behaviour = behaviour;
        var (cellId, pool) = pools.First(p => p.Key != "t0-baseline");
        // A retried unit: its first version was invoked before, so it is warm now.
        await behaviour(function.Versions.Single(v => v.Version == pool[0]), string.Empty);

        var output = await ExecuteAsync(ColdUnit(cellId, [.. pool.Take(3)], samples: 3));

        Assert.Equal(2, output.Samples);
        Assert.Equal(3, output.Invocations);
        Assert.Equal(pool.Take(3).Order(), Invoked().Order());
        var warm = Assert.Single(Samples(cellId), s => !s.ColdStart);
        Assert.True(warm.IsWarm);
    }

    [Fact]
    public async Task Handle_ColdModeCellWithoutVersions_ThrowsInvalidStateInput()
    {
        _lambda.Add("orders-ingest");
        var pools = await PlanColdAsync();
        var (cellId, pool) = pools.First();
        var unit = StateMessages.Unit(1, StageKind.FirstPass, 1, false, 7, [StateMessages.Cell(cellId, "orders-ingest", pool[0], 3, warmUp: false, 1)]);

        var error = await Assert.ThrowsAsync<Errors.InvalidStateInputException>(() => ExecuteAsync(unit));

        Assert.Contains("coldQualifiers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_OtherBucket_ThrowsInvalidStateInput()
    {
        _lambda.Add("orders-ingest");
        var cell = (await PlanAsync())[0];

        await Assert.ThrowsAsync<Errors.InvalidStateInputException>(() => ExecuteAsync(Unit([cell], samples: 1), bucket: "someone-elses"));
    }
}
