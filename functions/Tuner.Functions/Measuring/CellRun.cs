using Tuner.Contracts.States;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Functions.Messages;

namespace Tuner.Functions.Measuring;

/// <summary>
/// One cell's progress in the unit: its samples (stage, round and warm-up set), the counted warm ones, the
/// invocations sent and why it stopped. Waves of one cell run one after the other, so no lock is needed.
/// </summary>
internal sealed class CellRun(UnitCell cell, MeasureUnit unit, TuningTarget target)
{
    private const int SummaryMessageLength = 200;

    private readonly List<string> _problems = [];
    private readonly int _firstIndex = unit.Step * Executor.RoundsPerStep;
    private int _nextIndex;
    private int _nextCold;
    private int _successes;
    private string? _firstProblemType;

    public UnitCell Cell { get; } = cell;

    public TuningTarget Target { get; } = target;

    public int Concurrency { get; } = Math.Max(1, cell.Concurrency);

    public List<Sample> Samples { get; } = [];

    public int Counted { get; private set; }

    public int Attempted { get; private set; }

    /// <summary>Wall time of the cell's waves.</summary>
    public TimeSpan InvokeTime { get; set; }

    /// <summary>Measuring invocations (warm-ups not included), capped so stray cold starts cannot loop forever.</summary>
    private int MeasuringAttempts { get; set; }

    private int MaxAttempts => (2 * Cell.Samples) + Concurrency;

    /// <summary>The fail-fast rule: the first invocations all failed.</summary>
    private bool FailedFast => Attempted >= Executor.FailFastInvocations && _successes == 0;

    public bool NeedsMore => Counted < Cell.Samples && MeasuringAttempts < MaxAttempts && !FailedFast && ColdVersionsLeft > 0;

    /// <summary>Cold mode: versions of <see cref="UnitCell.ColdQualifiers"/> not invoked yet (unbounded in warm mode).</summary>
    public int ColdVersionsLeft => Cell.ColdQualifiers is { } cold ? cold.Count - _nextCold : int.MaxValue;

    /// <summary>Indexes are unique across the run's steps (the payload schedule and the CSV use them).</summary>
    public int NextIndex() => _firstIndex + _nextIndex++;

    /// <summary>The version the next invocation goes to: in cold mode the next one never invoked, each exactly once.</summary>
    public string NextQualifier() => Cell.ColdQualifiers is { } cold ? cold[_nextCold++] : Cell.Qualifier;

    public void Record(int index, SampleResult result, int round, bool warmup)
    {
        Attempted++;
        if (!warmup)
        {
            MeasuringAttempts++;
        }

        if (result.Sample is { } sample)
        {
            var stamped = sample with { Index = index, Stage = unit.Stage, Round = round, Warmup = warmup };
            Samples.Add(stamped);
            if (!stamped.IsError)
            {
                _successes++;
            }

            if (Target.Measure == MeasureMode.Cold ? stamped.ColdStart && !warmup : stamped.IsWarm)
            {
                Counted++;
            }
        }
        else
        {
            _problems.Add(result.Problem ?? "no sample");
            _firstProblemType ??= result.Problem is { } p && p.StartsWith("Invoke failed", StringComparison.Ordinal) ? "InvokeFailed" : "NoReport";
        }
    }

    public CellSummary Summarize(string key)
    {
        var errors = Samples.Where(s => s.IsError).ToList();
        var firstError = errors.FirstOrDefault();
        var measured = Samples.Count - errors.Count;
        var durations = Samples.Where(s => s.IsWarm && !s.IsError).Select(s => s.DurationMs).Order().ToList();
        return new CellSummary
        {
            CellId = Cell.Id,
            TargetIndex = unit.TargetIndex,
            Status = measured > 0 ? CellStatus.Measured : CellStatus.Failed,
            Invocations = Attempted,
            Samples = Samples.Count,
            Errors = errors.Count + _problems.Count,
            Problems = _problems.Count,
            ColdStarts = Samples.Count(s => s.ColdStart),
            ErrorType = firstError?.ErrorType ?? _firstProblemType,
            ErrorMessage = Truncate(firstError?.ErrorMessage ?? _problems.FirstOrDefault() ?? (measured == 0 ? "no invocation produced a REPORT line" : null)),
            MedianDurationMs = durations.Count == 0 ? null : durations[durations.Count / 2],
            DurationSumMs = Samples.Sum(s => s.DurationMs),
            InvokePhaseMs = InvokeTime.TotalMilliseconds,
            SamplesKey = key,
            InvokeThrottles = Samples.Sum(s => s.InvokeThrottles),
            SamplesRequested = Cell.Samples,
            SamplesCounted = Counted,
        };
    }

    private static string? Truncate(string? message) =>
        message is { Length: > SummaryMessageLength } ? message[..SummaryMessageLength] + "…" : message;
}
