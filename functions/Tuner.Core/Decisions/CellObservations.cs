using System.Runtime.InteropServices;
using Tuner.Core.Planning;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Core.Statistics;

namespace Tuner.Core.Decisions;

/// <summary>
/// The samples of one cell as the staged decisions see them. <b>Measured</b> samples are the ones decisions use: warm
/// invocations (not warm-ups, not cold starts) in <see cref="MeasureMode.Warm"/>, cold starts that were not warm-ups in
/// <see cref="MeasureMode.Cold"/>. Every cold start (warm-ups included) feeds the cold-start profile, which prices the
/// production share of cold starts on top of the warm figures: production = warm + share × (cold − warm).
/// </summary>
public sealed class CellObservations
{
    private readonly List<Point> _measured = [];
    private readonly List<Point> _cold = [];

    public CellObservations(PlanCell cell, CellPrices prices, MeasureMode mode = MeasureMode.Warm)
    {
        Cell = cell ?? throw new ArgumentNullException(nameof(cell));
        Prices = prices ?? throw new ArgumentNullException(nameof(prices));
        Mode = mode;
    }

    public PlanCell Cell { get; }

    public CellPrices Prices { get; }

    public MeasureMode Mode { get; }

    /// <summary>
    /// Whether decisions use <paramref name="sample"/>: in warm mode a warm invocation, or a failed one that was not a
    /// warm-up (an invocation that kills its environment — out of memory, a crash — makes the next one cold, so a failing
    /// cell may have no warm sample at all, and its failures must still count); in cold mode a cold start that was not a
    /// warm-up.
    /// </summary>
    public static bool IsMeasured(Sample sample, MeasureMode mode)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return mode == MeasureMode.Cold ? sample.ColdStart && !sample.Warmup : sample.IsWarm || (sample.IsError && !sample.Warmup);
    }

    /// <summary>Measured invocations, failed ones included.</summary>
    public int Measured => _measured.Count;

    /// <summary>Measured invocations that failed.</summary>
    public int Errors { get; private set; }

    /// <summary>Every invocation added (warm-ups and cold starts included): what the cell cost to measure.</summary>
    public int Invocations { get; private set; }

    /// <summary>Cold starts seen (warm-ups included).</summary>
    public int ColdStarts => _cold.Count;

    /// <summary>Error types of the measured invocations that failed.</summary>
    public IReadOnlyDictionary<string, int> ErrorTypes => _errorTypes;

    private readonly SortedDictionary<string, int> _errorTypes = new(StringComparer.Ordinal);

    public void Add(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Invocations++;
        var cost = Prices.CostUsd(sample);
        _spentCompute += (decimal)Prices.BilledMs(sample) * (decimal)Prices.UsdPerBilledMs;
        _spentRequests += (decimal)Prices.UsdPerRequest;
        _spentDynamo += (sample.ConsumedWriteUnits is { } units && double.IsFinite(units) && Math.Abs(units) < 1e9 ? (decimal)units : 0) * (decimal)Prices.UsdPerWriteUnit;
        var latency = sample.DurationMs + (sample.ColdStart ? sample.InitDurationMs ?? 0 : 0);
        var point = new Point(sample.Stage, sample.Round, sample.IsError ? double.NaN : latency, cost, sample.InitDurationMs);
        if (sample.ColdStart)
        {
            _cold.Add(point);
        }

        var measured = IsMeasured(sample, Mode);
        if (!measured)
        {
            return;
        }

        _measured.Add(point);
        if (sample.ErrorType is { } type)
        {
            Errors++;
            _errorTypes[type] = _errorTypes.GetValueOrDefault(type) + 1;
        }
    }

    /// <summary>
    /// What measuring the cell cost (every invocation, warm-ups and cold starts included): compute in the result, the
    /// request charge and DynamoDB writes in the out parameters.
    /// </summary>
    public decimal SpentUsd(out decimal requestsUsd, out decimal dynamoDbUsd)
    {
        requestsUsd = _spentRequests;
        dynamoDbUsd = _spentDynamo;
        return _spentCompute;
    }

    // Decimal sums are exact here, so the run's cost does not depend on the order samples arrived in.
    private decimal _spentCompute;
    private decimal _spentRequests;
    private decimal _spentDynamo;

    /// <summary>Measured invocations taken in stages that <paramref name="stages"/> accepts.</summary>
    public int MeasuredIn(Func<int, bool> stages) => _measured.Count(p => stages(p.Stage));

    /// <summary>Measured invocations of stages that <paramref name="stages"/> accepts that failed.</summary>
    public int ErrorsIn(Func<int, bool> stages) => _measured.Count(p => stages(p.Stage) && double.IsNaN(p.LatencyMs));

    /// <summary>
    /// The per-invocation values of <paramref name="goal"/> from the stages <paramref name="stages"/> accepts: USD of
    /// every measured invocation (failed ones are billed too), or the latency of the successful ones.
    /// </summary>
    public double[] Values(DecisionGoal goal, Func<int, bool> stages)
    {
        var values = new List<double>(_measured.Count);
        foreach (var point in _measured)
        {
            if (!stages(point.Stage))
            {
                continue;
            }

            var value = goal == DecisionGoal.Cost ? point.CostUsd : point.LatencyMs;
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        // Sorted: every figure computed from them is then independent of the order samples arrived in.
        values.Sort();
        return [.. values];
    }

    /// <summary>Per-round means of <paramref name="goal"/> in the stages <paramref name="stages"/> accepts, keyed by round (round numbers are unique across a run's steps).</summary>
    public SortedDictionary<int, double> RoundMeans(DecisionGoal goal, Func<int, bool> stages)
    {
        var rounds = new SortedDictionary<int, List<double>>();
        foreach (var point in _measured)
        {
            var value = goal == DecisionGoal.Cost ? point.CostUsd : point.LatencyMs;
            if (!stages(point.Stage) || double.IsNaN(value))
            {
                continue;
            }

            if (!rounds.TryGetValue(point.Round, out var values))
            {
                rounds[point.Round] = values = [];
            }

            values.Add(value);
        }

        var means = new SortedDictionary<int, double>();
        foreach (var (round, values) in rounds)
        {
            values.Sort();
            means[round] = values.Sum() / values.Count;
        }

        return means;
    }

    /// <summary>
    /// What production adds per invocation on top of the measured figure: <paramref name="coldStartShare"/> × (cold −
    /// warm), never negative; the means, or with <paramref name="typical"/> the medians — for decisions on typical values
    /// (Hodges–Lehmann): a cell's few cold starts (one per environment) carry the same multiplicative noise as its warm
    /// invocations, and one 3–10× outlier among 5 moves their mean by 40–180% and the cell's production cost by as much
    /// as the margin (decision simulation, outliers/cost: 94.3% right on means of the cold starts, 98.3% with no offset).
    /// Zero in cold mode (every measured invocation already is a cold start) and when no cold start (or no warm
    /// invocation) was seen.
    /// </summary>
    public double ProductionOffset(DecisionGoal goal, double coldStartShare, bool typical = false)
    {
        if (Mode == MeasureMode.Cold || _cold.Count == 0 || coldStartShare <= 0)
        {
            return 0;
        }

        var cold = typical ? Median(_cold, goal) : Mean(_cold, goal);
        var warm = typical ? Median(_measured, goal) : Mean(_measured, goal);
        return double.IsNaN(cold) || double.IsNaN(warm) ? 0 : coldStartShare * Math.Max(0, cold - warm);
    }

    /// <summary>The cold-start profile: count, mean INIT, mean first-invocation latency (INIT included) and cost.</summary>
    public ColdStartProfile? ColdProfile()
    {
        if (_cold.Count == 0)
        {
            return null;
        }

        var inits = _cold.Where(p => p.InitMs is { } i && double.IsFinite(i)).Select(p => p.InitMs!.Value).ToList();
        var latency = Mean(_cold, DecisionGoal.Duration);
        return new ColdStartProfile(
            _cold.Count,
            inits.Count > 0 ? inits.Average() : null,
            double.IsNaN(latency) ? null : latency,
            Mean(_cold, DecisionGoal.Cost));
    }

    /// <summary>The 95% Wilson interval of the error rate over the measured invocations of the accepted stages.</summary>
    public ConfidenceInterval ErrorRateInterval(Func<int, bool> stages) => Descriptive.Wilson(ErrorsIn(stages), MeasuredIn(stages));

    private static double Median(List<Point> points, DecisionGoal goal)
    {
        var values = Sorted(points, goal);
        return values.Count == 0 ? double.NaN : Quantiles.Type7(CollectionsMarshal.AsSpan(values), 0.5);
    }

    private static double Mean(List<Point> points, DecisionGoal goal)
    {
        var values = Sorted(points, goal);
        return values.Count == 0 ? double.NaN : values.Sum() / values.Count;
    }

    /// <summary>The goal's values, ascending (a sum in this order is the same double however the points arrived).</summary>
    private static List<double> Sorted(List<Point> points, DecisionGoal goal)
    {
        var values = new List<double>(points.Count);
        foreach (var point in points)
        {
            var value = goal == DecisionGoal.Cost ? point.CostUsd : point.LatencyMs;
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        values.Sort();
        return values;
    }

    private readonly record struct Point(int Stage, int Round, double LatencyMs, double CostUsd, double? InitMs);
}
