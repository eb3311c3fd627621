using Tuner.Core.Requests;

namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// A simulated tuning target with a known optimum: its cells (baseline first) and their truths, the noise, the
/// objective, the production cold-start share, and the drift of the host over a run (relative slow-down reached at the
/// end of the run's wall time; 0 = none), the request's <c>invocations</c> (ceiling), concurrency and
/// <c>confirmInvocations</c> (null: the default). <see cref="Expect"/> is what the model is there to check, in words.
/// <see cref="Stress"/>: noise beyond any measured on this machine, under which the optimum cannot be decided within the
/// grid's invocations — the goal is then no wrong switch, not the right-decision rate.
/// </summary>
internal sealed record WorkloadModel(
    string Name,
    string Expect,
    IReadOnlyList<CellTruth> Cells,
    NoiseModel Noise,
    Objective Objective,
    double ColdStartShare = 0.01,
    double Drift = 0,
    int Ceiling = TuningTarget.DefaultInvocations,
    int Concurrency = 5,
    int? Confirm = null,
    bool Stress = false)
{
    public string Label => $"{Name}/{Objective.Strategy.ToString().ToLowerInvariant()}";
}
