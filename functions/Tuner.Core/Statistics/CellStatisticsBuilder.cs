using Tuner.Core.Requests;
using Tuner.Core.Samples;

namespace Tuner.Core.Statistics;

/// <summary>
/// Accumulates the samples of one cell in a single pass and then summarises them (<see cref="Build"/>). Only
/// <b>measured</b> samples make the statistics (<see cref="Decisions.CellObservations.IsMeasured"/>): warm invocations and
/// failures in <see cref="MeasureMode.Warm"/> (successful warm-ups and cold starts are left out: production runs warm far
/// more often than a test does), cold starts that were not warm-ups in <see cref="MeasureMode.Cold"/>, whose durations are cold latency (INIT + handler, the
/// figure cold mode decides on). Every cold start counts in <see cref="CellStatistics.ColdStarts"/> and the mean INIT.
/// When <c>initBilled</c> is set and a cold sample's Billed Duration does not already include its INIT
/// (billed &lt; duration + init), the billed figure used is ⌈duration + init⌉, as Lambda bills it since 2025-08-01.
/// Every figure is independent of the order samples are added in: durations are sorted before summing, INIT and
/// write units are summed exactly as integers of 1e-6 (ms or units).
/// </summary>
public sealed class CellStatisticsBuilder
{
    private readonly bool _initBilled;
    private readonly List<double> _durations = [];
    private readonly List<double> _billed = [];
    private readonly Dictionary<string, int> _errorTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _firstMessages = new(StringComparer.Ordinal);
    private int _count;
    private int _errors;
    private int _coldStarts;
    private Int128 _initSumMicros;
    private int _initCount;
    private int _maxMemory;
    private long _memorySum;
    private int _workloadSamples;
    private long _itemsSum;
    private int _itemsCount;
    private Int128 _cwuSumMicros;
    private Int128 _cwuSquaresMicros;
    private int _cwuCount;
    private long _retriesSum;
    private int _retriesCount;
    private long _throttlesSum;
    private int _throttlesCount;
    private bool _limitsEnforced = true;
    private int _invocations;
    private int _invokeThrottles;
    private readonly MeasureMode _mode;

    public CellStatisticsBuilder(bool initBilled, int expectedSamples = 0, MeasureMode mode = MeasureMode.Warm)
    {
        _initBilled = initBilled;
        _mode = mode;
        _durations.Capacity = expectedSamples;
        _billed.Capacity = expectedSamples;
    }

    /// <summary>Measured samples added (see the class summary).</summary>
    public int Count => _count;

    /// <summary>Every sample added, warm-ups and cold starts included.</summary>
    public int Invocations => _invocations;

    /// <summary>The first error message seen for <paramref name="errorType"/>, if any.</summary>
    public string? FirstErrorMessage(string errorType) => _firstMessages.GetValueOrDefault(errorType);

    public void Add(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _invocations++;
        _invokeThrottles += sample.InvokeThrottles;
        var billed = sample.BilledDurationMs;
        if (sample.InitDurationMs is { } init && IsSane(init))
        {
            _initSumMicros += Micros(init);
            _initCount++;
            if (_initBilled && billed + 0.5 < sample.DurationMs + init)
            {
                billed = Math.Ceiling(sample.DurationMs + init);
            }
        }

        if (sample.ColdStart)
        {
            _coldStarts++;
        }

        _limitsEnforced &= sample.LimitsEnforced;
        var measured = Decisions.CellObservations.IsMeasured(sample, _mode);
        if (!measured)
        {
            return;
        }

        _count++;
        _billed.Add(billed);

        if (sample.ErrorType is { } errorType)
        {
            _errors++;
            _errorTypes[errorType] = _errorTypes.TryGetValue(errorType, out var n) ? n + 1 : 1;
            if (sample.ErrorMessage is { } message)
            {
                _firstMessages.TryAdd(errorType, message);
            }
        }
        else
        {
            // Cold mode decides on cold latency (INIT + handler, as CellObservations): the percentiles show that figure.
            _durations.Add(_mode == MeasureMode.Cold && sample.InitDurationMs is { } coldInit && IsSane(coldInit) ? sample.DurationMs + coldInit : sample.DurationMs);
        }

        _maxMemory = Math.Max(_maxMemory, sample.MaxMemoryUsedMb);
        _memorySum += sample.MaxMemoryUsedMb;
        if (sample.Items is not null || sample.ConsumedWriteUnits is not null || sample.Retries is not null || sample.Throttles is not null)
        {
            _workloadSamples++;
        }

        if (sample.Items is { } items)
        {
            _itemsSum += items;
            _itemsCount++;
        }

        if (sample.ConsumedWriteUnits is { } cwu && IsSane(cwu))
        {
            var micros = Micros(cwu);
            _cwuSumMicros += micros;
            _cwuSquaresMicros += (Int128)micros * micros;
            _cwuCount++;
        }

        if (sample.Retries is { } retries)
        {
            _retriesSum += retries;
            _retriesCount++;
        }

        if (sample.Throttles is { } throttles)
        {
            _throttlesSum += throttles;
            _throttlesCount++;
        }
    }

    /// <summary>The cell's statistics; throws when no sample was added.</summary>
    public CellStatistics Build()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("a cell without measured samples has no statistics");
        }

        var durations = _durations.Count > 0 ? Descriptive.Summarize(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_durations)) : null;
        var billed = Descriptive.Summarize(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_billed));
        WorkloadStatistics? workload = null;
        if (_workloadSamples > 0)
        {
            ConfidenceInterval? cwuCi = null;
            double? cwuMean = null;
            if (_cwuCount > 0)
            {
                (var mean, var ci) = Descriptive.MeanInterval(_cwuCount, (decimal)_cwuSumMicros / Scale, (decimal)_cwuSquaresMicros / (Scale * Scale));
                cwuMean = mean;
                cwuCi = ci;
            }

            workload = new WorkloadStatistics(
                _workloadSamples,
                _itemsCount > 0 ? _itemsSum : null,
                _itemsCount > 0 ? (double)_itemsSum / _itemsCount : null,
                cwuMean,
                cwuCi,
                _retriesCount > 0 ? (double)_retriesSum / _retriesCount : null,
                _throttlesCount > 0 ? (double)_throttlesSum / _throttlesCount : null);
        }

        return new CellStatistics(
            _count,
            _errors,
            (double)_errors / _count,
            Descriptive.Wilson(_errors, _count),
            (double)_coldStarts / _invocations,
            _coldStarts,
            durations,
            billed,
            _initCount > 0 ? (double)((decimal)_initSumMicros / _initCount / Scale) : null,
            _maxMemory,
            (double)_memorySum / _count,
            workload,
            new SortedDictionary<string, int>(_errorTypes, StringComparer.Ordinal),
            _limitsEnforced,
            _invokeThrottles);
    }

    private const decimal Scale = 1_000_000m;

    // Fixed-point accumulation needs finite values of sane size; anything else is treated as not reported.
    private static bool IsSane(double value) => double.IsFinite(value) && Math.Abs(value) < 1e9;

    private static long Micros(double value) => (long)Math.Round(value * 1e6, MidpointRounding.AwayFromZero);
}
