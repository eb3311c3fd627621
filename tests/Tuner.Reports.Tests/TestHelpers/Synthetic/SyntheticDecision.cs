using Tuner.Contracts.States;
using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Core.Reports;
using static System.FormattableString;

namespace Tuner.Reports.Tests.TestHelpers.Synthetic;

/// <summary>
/// A staged decision over a synthetic matrix, worded as <see cref="DecisionEngine"/> and <see cref="StagePlanner"/>
/// word theirs: a first pass of 4 samples over every cell; narrowing stages that double the samples and keep the
/// cheapest 40% of the candidates (the rest dropped as beaten beyond the margin when they are, else for the budget;
/// failed cells for having no successful invocation); then the confirmation of the cheapest candidate against the
/// current configuration on fresh samples. <see cref="Samples"/> gives each cell's measured warm samples.
/// </summary>
internal sealed record SyntheticDecision(TargetDecision Decision, IReadOnlyDictionary<string, int> Samples)
{
    private const int FirstPass = 4;
    private const double KeepShare = 0.4;
    private const double CostMargin = 0.03;
    private const double DurationMargin = 0.05;

    /// <summary>
    /// Stages over <paramref name="cells"/> (the matrix, failed cells without a duration) and the current
    /// configuration. With <paramref name="unstable"/> the A/A check finds the current configuration slower in the
    /// confirmation by more than the challenger saves, so the current configuration is kept.
    /// </summary>
    public static SyntheticDecision Create(IReadOnlyList<CellReport> cells, CellReport baseline, int ceiling, double coldStartShare, bool unstable)
    {
        var samples = new Dictionary<string, int>(StringComparer.Ordinal);
        var stages = new List<StageRecord>();
        var candidates = Rank(cells.Where(c => c.Statistics.Duration is not null));
        var failed = cells.Where(c => c.Statistics.Duration is null).ToList();
        if (candidates.Count == 0)
        {
            throw new ArgumentException("a staged synthetic decision needs at least one measured cell", nameof(cells));
        }

        var target = Math.Min(FirstPass, ceiling);
        stages.Add(new StageRecord(1, StageKind.FirstPass, [.. cells.Select(c => c.CellId).Append(baseline.CellId)], target, []));
        foreach (var c in cells)
        {
            samples[c.CellId] = target;
        }

        var number = 1;
        var dropped = failed.Select(f => new DroppedCell(f.CellId, 2, Invariant($"no successful invocation ({target} of {target} failed, Runtime.OutOfMemory)"))).ToList();
        while (true)
        {
            number++;
            var next = Math.Min(ceiling, target * 2);
            var keep = Math.Max(1, (int)Math.Ceiling(candidates.Count * KeepShare));
            var leader = candidates[0];
            for (var i = keep; i < candidates.Count; i++)
            {
                var c = candidates[i];
                var relative = (double)(c.Cost.TotalUsd / leader.Cost.TotalUsd) - 1;
                var slower = (c.Statistics.Duration!.Mean / leader.Statistics.Duration!.Mean) - 1;
                var costHalf = 0.02 / Math.Sqrt(target);
                var durationHalf = 0.2 / Math.Sqrt(target);
                var reason = relative - costHalf > CostMargin
                    ? Invariant($"cost {Goals.Describe(Independent(relative, costHalf, target))} than {leader.CellId}, beyond the {CostMargin * 100:0.#}% margin")
                    : Math.Abs(relative) + costHalf < CostMargin && slower - durationHalf > DurationMargin
                        ? Invariant($"tied with {leader.CellId} on cost (within {CostMargin * 100:0.#}%), duration {Goals.Describe(Independent(slower, durationHalf, target))}")
                        : Invariant($"budget: ranked {i + 1} of {candidates.Count} candidates, the next stage fits only the best {keep}");
                dropped.Add(new DroppedCell(c.CellId, number, reason));
            }

            candidates = candidates.Take(keep).ToList();
            if (candidates.Count == 1 || next <= target)
            {
                break;
            }

            target = next;
            stages.Add(new StageRecord(number, StageKind.Narrowing, [.. candidates.Select(c => c.CellId).Prepend(baseline.CellId)], target, dropped));
            dropped = [];
            foreach (var c in candidates)
            {
                samples[c.CellId] = target;
            }
        }

        var challenger = candidates[0];
        var confirm = Math.Max(SamplingPolicy.MinimumConfirm, ceiling);
        const int rounds = 10;
        stages.Add(new StageRecord(number, StageKind.Confirmation, [challenger.CellId, baseline.CellId], confirm, dropped, challenger.CellId, baseline.CellId));
        samples[challenger.CellId] = target + confirm;
        samples[baseline.CellId] = target + confirm;

        var cost = Paired((double)(challenger.Cost.TotalUsd / baseline.Cost.TotalUsd) - 1, 0.012, confirm);
        var duration = Paired((challenger.Statistics.Duration!.Mean / baseline.Statistics.Duration!.Mean) - 1, 0.03, confirm);
        var confirmation = new ConfirmationResult(number, challenger.CellId, baseline.CellId, confirm, confirm, rounds, cost, duration, cost, duration);
        var drift = unstable ? Math.Abs(cost.Estimate) + 0.05 : -0.012;
        var aa = new RelativeDifference(drift, drift - 0.029, drift + 0.029, DecisionEngine.StabilityConfidence, false, confirm, target);
        var stability = unstable
            ? new StabilityCheck(baseline.CellId, aa, true, aa.Estimate, Invariant($"measurements were unstable: the current configuration's mean duration in the confirmation was {Goals.Describe(aa)} than in the earlier stages, beyond the {DurationMargin * 100:0.#}% margin"))
            : new StabilityCheck(baseline.CellId, aa, false, 0, Invariant($"A/A check passed: the current configuration's mean duration in the confirmation was {Goals.Describe(aa)} than in the earlier stages (margin {DurationMargin * 100:0.#}%)"));
        var fresh = Invariant($"{confirm} and {confirm} fresh samples in {rounds} interleaved rounds");
        var bar = stability.Unstable ? stability.Discrepancy : 0;
        var switchIt = cost.Estimate < -CostMargin && cost.High < -bar && cost.High < 0;
        var why = switchIt
            ? Invariant($"{challenger.CellId}: cost {Goals.Describe(cost)} than the current configuration on {fresh}, beyond the {CostMargin * 100:0.#}% margin")
                + (stability.Unstable ? Invariant($"; it exceeds the {stability.Discrepancy * 100:0.#}% instability the A/A check found") : string.Empty)
            : Invariant($"{challenger.CellId}, the best candidate, is not better beyond the margin on {fresh}: cost {Goals.Describe(cost)} (margin {CostMargin * 100:0.#}%), duration {Goals.Describe(duration)} (margin {DurationMargin * 100:0.#}%)") + (stability.Unstable ? "; " + stability.Summary : string.Empty);
        var measured = samples.Values.Sum();
        var decision = new TargetDecision(
            switchIt ? RecommendationAction.Switch : RecommendationAction.KeepCurrent,
            switchIt ? challenger.CellId : baseline.CellId,
            why,
            CostMargin,
            DurationMargin,
            coldStartShare,
            "warm",
            stages,
            stability,
            confirmation,
            [],
            [],
            measured,
            measured + samples.Count + 3,
            (cells.Count + 1) * ceiling);
        return new SyntheticDecision(decision, samples);
    }

    /// <summary>As <see cref="CellRanking.Rank"/> ranks for a cost objective: cells within the margin of the cheapest by duration, then the rest by cost.</summary>
    private static List<CellReport> Rank(IEnumerable<CellReport> cells)
    {
        var list = cells.ToList();
        var tieLimit = list.Min(c => c.Cost.TotalUsd) * (1 + (decimal)CostMargin);
        return
        [
            .. list.OrderBy(c => c.Cost.TotalUsd <= tieLimit ? 0 : 1)
                .ThenBy(c => c.Cost.TotalUsd <= tieLimit ? c.Statistics.Duration!.Mean : (double)c.Cost.TotalUsd)
                .ThenBy(c => c.MemoryMb)
                .ThenBy(c => c.CellId, StringComparer.Ordinal),
        ];
    }

    private static RelativeDifference Independent(double estimate, double spread, int samples) =>
        new(estimate, estimate - spread, estimate + spread, StagePlanner.EliminationConfidence, false, samples, samples);

    private static RelativeDifference Paired(double estimate, double spread, int samples) =>
        new(estimate, estimate - spread, estimate + spread, DecisionEngine.DecisionConfidence, true, samples, samples);
}
