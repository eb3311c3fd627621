using Tuner.Core.Planning;
using Tuner.Core.Ports;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Functions.Errors;
using Tuner.Functions.Hosting;
using Tuner.Functions.Messages;
using Tuner.Functions.Runs;

namespace Tuner.Functions;

/// <summary>
/// The <c>Executor</c> state (one per cell): invokes the cell's version <c>invocations</c> times, <c>concurrency</c> at
/// once, turns each REPORT line and <c>tunerMetrics</c> into a sample, writes them to
/// <c>runs/&lt;runId&gt;/samples/&lt;cellId&gt;.jsonl</c> and returns a small summary. Failing invocations (out of
/// memory, timeouts, errors) are recorded, never thrown: the run goes on with the other cells.
/// </summary>
public sealed class Executor
{
    /// <summary>A cell whose first invocations all fail stops early: more of them would only repeat the failure.</summary>
    public const int FailFastInvocations = 5;

    private const int InvokeAttempts = 4;

    /// <summary>Error messages in the summary are cut here (the full ones are in the samples) to keep the Map's result small.</summary>
    private const int SummaryMessageLength = 200;

    private readonly ILambdaApi _lambda;
    private readonly RunStore _store;
    private readonly FunctionSettings _settings;
    private readonly TimeProvider _time;
    private (string RunId, TuningRequest Request)? _lastRun; // a warm Executor serves one run's cells

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
    }

    public async Task<Stream> Handle(Stream input)
    {
        var executorInput = await HandlerJson.ReadAsync<ExecutorInput>(input);
        return HandlerJson.Write(await ExecuteAsync(executorInput, CancellationToken.None));
    }

    internal async Task<CellSummary> ExecuteAsync(ExecutorInput input, CancellationToken cancellationToken)
    {
        var runId = RunKeys.RequireValidRunId(input.RunId);
        var cell = input.Cell ?? throw new InvalidStateInputException("the Executor input has no cell");
        if (string.IsNullOrEmpty(cell.Id) || string.IsNullOrEmpty(cell.Function) || string.IsNullOrEmpty(cell.Qualifier) || cell.Invocations < 1)
        {
            throw new InvalidStateInputException("the cell needs an id, a function, a qualifier and at least one invocation");
        }

        if (input.Bucket is not null && input.Bucket != _settings.Bucket)
        {
            throw new InvalidStateInputException($"the run's bucket '{input.Bucket}' is not this function's bucket '{_settings.Bucket}'");
        }

        var target = await TargetAsync(runId, cell, cancellationToken);
        var outcome = await InvokeAllAsync(cell, target, cancellationToken);
        var samples = outcome.Samples.OrderBy(s => s.Index).ToList();
        var key = RunKeys.Samples(runId, cell.Id);
        await _store.PutAsync(key, SampleJsonl.Write(samples), SampleJsonl.ContentType, cancellationToken);

        var errors = samples.Where(s => s.IsError).ToList();
        var firstError = errors.FirstOrDefault();
        var measured = samples.Count - errors.Count;
        var durations = samples.Where(s => !s.IsError).Select(s => s.DurationMs).Order().ToList();
        var errorType = firstError?.ErrorType ?? outcome.FirstProblemType;
        return new CellSummary(
            cell.Id,
            cell.TargetIndex,
            measured > 0 ? CellSummary.Measured : CellSummary.Failed,
            outcome.Attempted,
            samples.Count,
            errors.Count + outcome.Problems.Count,
            outcome.Problems.Count,
            samples.Count(s => s.ColdStart),
            errorType,
            Truncate(firstError?.ErrorMessage ?? outcome.Problems.FirstOrDefault() ?? (measured == 0 ? "no invocation produced a REPORT line" : null)),
            durations.Count == 0 ? null : durations[durations.Count / 2],
            samples.Sum(s => s.DurationMs),
            outcome.InvokePhase.TotalMilliseconds,
            key);
    }

    private async Task<TuningTarget> TargetAsync(string runId, CellTask cell, CancellationToken cancellationToken)
    {
        if (_lastRun is not { } last || last.RunId != runId)
        {
            last = (runId, (await _store.ReadRunAsync(runId, cancellationToken)).Request);
            _lastRun = last;
        }

        var request = last.Request;

        if (cell.TargetIndex < 0 || cell.TargetIndex >= request.Targets.Count)
        {
            throw new InvalidStateInputException($"cell {cell.Id} names target {cell.TargetIndex}, the request has {request.Targets.Count}");
        }

        return request.Targets[cell.TargetIndex];
    }

    private async Task<InvocationOutcome> InvokeAllAsync(CellTask cell, TuningTarget target, CancellationToken cancellationToken)
    {
        var outcome = new InvocationOutcome();
        var concurrency = Math.Clamp(cell.Concurrency, 1, cell.Invocations);
        var next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var started = _time.GetTimestamp();

        async Task WorkerAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= cell.Invocations)
                {
                    return;
                }

                var result = await InvokeOnceAsync(cell, index, PayloadSchedule.Bytes(target, index), stop.Token);
                if (outcome.Record(result) && ShouldStopEarly(outcome))
                {
                    await stop.CancelAsync();
                }
            }
        }

        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped early: the cell already failed on its first invocations.
        }

        outcome.InvokePhase = _time.GetElapsedTime(started);
        return outcome;
    }

    private static string? Truncate(string? message) =>
        message is { Length: > SummaryMessageLength } ? message[..SummaryMessageLength] + "…" : message;

    private static bool ShouldStopEarly(InvocationOutcome outcome) =>
        outcome.Attempted >= FailFastInvocations && outcome.Successes == 0;

    private async Task<SampleResult> InvokeOnceAsync(CellTask cell, int index, byte[] payload, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var invocation = await _lambda.InvokeAsync(cell.Function, cell.Qualifier, payload, cancellationToken);
                return SampleFactory.FromInvocation(cell.Id, index, invocation);
            }
            catch (LambdaApiException e) when (e.IsTransient && attempt < InvokeAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt)), _time, cancellationToken);
            }
            catch (LambdaApiException e)
            {
                return new SampleResult(null, $"Invoke failed: {e.ErrorCode}: {e.Message}");
            }
            catch (HttpRequestException e)
            {
                return new SampleResult(null, $"Invoke failed: {e.Message}");
            }
        }
    }

    /// <summary>Samples and problems of one cell, recorded by concurrent workers.</summary>
    private sealed class InvocationOutcome
    {
        private readonly Lock _lock = new();

        public List<Sample> Samples { get; } = [];

        public List<string> Problems { get; } = [];

        public int Attempted { get; private set; }

        public int Successes { get; private set; }

        public string? FirstProblemType { get; private set; }

        public TimeSpan InvokePhase { get; set; }

        /// <summary>Records one result; returns true (always) so callers can chain the early-stop check.</summary>
        public bool Record(SampleResult result)
        {
            lock (_lock)
            {
                Attempted++;
                if (result.Sample is { } sample)
                {
                    Samples.Add(sample);
                    if (!sample.IsError)
                    {
                        Successes++;
                    }
                }
                else
                {
                    Problems.Add(result.Problem ?? "no sample");
                    FirstProblemType ??= result.Problem is { } p && p.StartsWith("Invoke failed", StringComparison.Ordinal) ? "InvokeFailed" : "NoReport";
                }

                return true;
            }
        }
    }
}
