using Tuner.Core.Decisions;
using Tuner.Core.Pricing;
using Tuner.Core.Requests;

namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// The right answer of a model from its true, noise-free production means, by the rules the decision code documents:
/// production figure = warm + coldStartShare × (cold − warm); cells that break a constraint (error rate above
/// maxErrorRate — without one, above the current configuration's — or no success) are out; the tie set is the cells within the primary margin of the best primary figure;
/// the choice is the best secondary figure in it. A decided cell is <b>right</b> when it is the choice or not worse than
/// it beyond the margins on either goal (cost ≤ choice × (1 + cost margin) and duration ≤ choice × (1 + duration
/// margin): a faster or cheaper cell is not a defect); keep-current is right when the baseline is, in that sense.
/// </summary>
internal sealed class Oracle
{
    private readonly Dictionary<string, (double Cost, double Duration, bool Feasible)> _figures = [];

    public Oracle(WorkloadModel model, PriceSheet sheet)
    {
        Model = model;
        Margins = model.Objective.EffectiveEquivalence;
        var baselineErrors = model.Cells[0].ErrorRate;
        foreach (var truth in model.Cells)
        {
            _figures[truth.Cell.Id] = Figures(truth, CellPrices.For(truth.Cell.MemoryMb, sheet), model.ColdStartShare, model.Objective, baselineErrors);
        }

        var feasible = model.Cells.Where(c => _figures[c.Cell.Id].Feasible).Select(c => c.Cell.Id).ToList();
        var strategy = model.Objective.Strategy;
        var minCost = feasible.Min(id => _figures[id].Cost);
        var minDuration = feasible.Min(id => _figures[id].Duration);
        var w = strategy == ObjectiveStrategy.Balanced ? model.Objective.EffectiveWeight : 0;
        double Primary(string id) => strategy switch
        {
            ObjectiveStrategy.Speed => _figures[id].Duration / minDuration,
            ObjectiveStrategy.Balanced => (w * _figures[id].Cost / minCost) + ((1 - w) * _figures[id].Duration / minDuration),
            _ => _figures[id].Cost / minCost,
        };
        double Secondary(string id) => strategy == ObjectiveStrategy.Cost ? _figures[id].Duration : _figures[id].Cost;
        var margin = strategy switch
        {
            ObjectiveStrategy.Speed => Margins.Duration,
            ObjectiveStrategy.Balanced => (w * Margins.Cost) + ((1 - w) * Margins.Duration),
            _ => Margins.Cost,
        };
        var best = feasible.Min(Primary);
        TieSet = [.. feasible.Where(id => Primary(id) <= best * (1 + margin)).OrderBy(Secondary)];
        Choice = TieSet[0];
        KeepIsRight = IsAcceptable(model.Cells[0].Cell.Id);
    }

    public WorkloadModel Model { get; }

    public Equivalence Margins { get; }

    public IReadOnlyList<string> TieSet { get; }

    public string Choice { get; }

    public bool KeepIsRight { get; }

    public (double Cost, double Duration, bool Feasible) this[string id] => _figures[id];

    /// <summary>Feasible and not worse than the choice beyond the margins on either goal.</summary>
    public bool IsAcceptable(string id)
    {
        var (cost, duration, feasible) = _figures[id];
        var choice = _figures[Choice];
        return id == Choice || (feasible && cost <= choice.Cost * (1 + Margins.Cost) + 1e-15 && duration <= choice.Duration * (1 + Margins.Duration));
    }

    private static (double Cost, double Duration, bool Feasible) Figures(CellTruth truth, CellPrices prices, double share, Objective objective, double baselineErrors)
    {
        // E[⌈D⌉] ≈ E[D] + 0.5 ms; the noise factor has mean 1.
        double CostOf(double billedMs, double writeUnits) => (billedMs * prices.UsdPerBilledMs) + prices.UsdPerRequest + (writeUnits * prices.UsdPerWriteUnit);
        var e = truth.ErrorRate;
        var warmCost = ((1 - e) * CostOf(truth.WarmMs + 0.5, truth.WriteUnits)) + (e * CostOf(truth.ErrorMs + 0.5, 0));
        var coldCost = ((1 - e) * CostOf(truth.WarmMs + truth.FirstExtraMs + truth.InitMs + 0.5, truth.WriteUnits)) + (e * CostOf(truth.ErrorMs + truth.FirstExtraMs + truth.InitMs + 0.5, 0));
        var cost = warmCost + (share * Math.Max(0, coldCost - warmCost));
        var duration = truth.WarmMs + (share * (truth.FirstExtraMs + truth.InitMs));
        // Without maxErrorRate the oracle still never recommends failing more often than the current configuration:
        // failed invocations end early and cost less, so a cheapest-wins rule would otherwise reward failures.
        var feasible = e < 1 && e <= (objective.MaxErrorRate ?? baselineErrors);
        return (cost, duration, feasible);
    }
}
