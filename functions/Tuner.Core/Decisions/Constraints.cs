using Tuner.Core.Requests;
using Tuner.Core.Statistics;
using static System.FormattableString;

namespace Tuner.Core.Decisions;

/// <summary>
/// Judges <c>maxErrorRate</c> on the Wilson interval of the error rate and <c>maxP95Ms</c> on the exact
/// order-statistic interval of the p95 latency: a cell violates a constraint only when the whole interval is beyond
/// the limit. A p95 needs at least <see cref="Quantiles.MinimumForUpperBound"/>(0.95) samples for an upper bound;
/// with fewer, meeting <c>maxP95Ms</c> cannot be shown and the verdict is uncertain.
/// </summary>
public static class Constraints
{
    public static ConstraintVerdict Judge(Objective objective, CellObservations cell, Func<int, bool> stages)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(cell);
        var measured = cell.MeasuredIn(stages);
        var errors = cell.ErrorsIn(stages);
        if (measured == 0)
        {
            return new ConstraintVerdict(false, true, ["not measured"]);
        }

        if (errors == measured)
        {
            var dominant = cell.ErrorTypes.OrderByDescending(e => e.Value).Select(e => e.Key).FirstOrDefault() ?? "error";
            return new ConstraintVerdict(true, false, [Invariant($"no successful invocation ({errors} of {measured} failed, {dominant})")]);
        }

        var violates = false;
        var uncertain = false;
        var reasons = new List<string>();
        if (objective.MaxErrorRate is { } maxErrorRate)
        {
            var interval = cell.ErrorRateInterval(stages);
            var rate = (double)errors / measured;
            if (interval.Low > maxErrorRate)
            {
                violates = true;
                reasons.Add(Invariant($"error rate {rate:0.###} (95% interval {interval.Low:0.###}–{interval.High:0.###}) is above maxErrorRate {maxErrorRate}"));
            }
            else if (interval.High > maxErrorRate && errors > 0)
            {
                uncertain = true;
                reasons.Add(Invariant($"error rate {rate:0.###} (95% interval {interval.Low:0.###}–{interval.High:0.###}) may be above maxErrorRate {maxErrorRate}"));
            }
        }

        if (objective.MaxP95Ms is { } maxP95)
        {
            var latencies = cell.Values(DecisionGoal.Duration, stages);
            Array.Sort(latencies);
            var p95 = Quantiles.Type7(latencies, 0.95);
            var (low, high) = Quantiles.Bounds(latencies.Length, 0.95);
            if (latencies[low] > maxP95)
            {
                violates = true;
                reasons.Add(Invariant($"p95 {p95:0.#} ms (95% lower bound {latencies[low]:0.#} ms) is above maxP95Ms {maxP95}"));
            }
            else if (high is null)
            {
                uncertain = true;
                reasons.Add(Invariant($"p95 {p95:0.#} ms: {latencies.Length} samples are too few to show it is below maxP95Ms {maxP95} (an upper bound needs {Quantiles.MinimumForUpperBound(0.95)})"));
            }
            else if (latencies[high.Value] > maxP95)
            {
                uncertain = true;
                reasons.Add(Invariant($"p95 {p95:0.#} ms (95% interval {latencies[low]:0.#}–{latencies[high.Value]:0.#} ms) may be above maxP95Ms {maxP95}"));
            }
        }

        return new ConstraintVerdict(violates, uncertain && !violates, reasons);
    }
}
