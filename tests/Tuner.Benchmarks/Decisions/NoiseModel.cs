namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// How a simulated invocation's duration scatters around its cell's true mean: a multiplicative factor
/// exp(h + e − σ²/2) × spike / E[spike], whose mean is 1 so the model's means are the true means. <c>h</c> is the host's
/// state, an AR(1) process stepped once per invocation in the order invocations run (so neighbours in time, of any
/// cell, are correlated, as measured), <c>e</c> independent; their variances split σ² by <see cref="HostShare"/>.
/// A memory-dependent share (<see cref="SpikeRate"/>) of invocations are multiplied by a uniform factor in [<see cref="SpikeLow"/>,
/// <see cref="SpikeHigh"/>]. σ depends on memory (CPU-bound work is noisier under a small CPU quota).
/// The defaults (<see cref="NoiseProfiles"/>) are the figures the <c>noise</c> benchmark measured on this machine.
/// <see cref="TransientSpikes"/>: the spikes are an environment's warm-up transient that production's long-lived
/// environments leave behind, so they are not divided out: the cell's true (production) mean is the body's, and the
/// measured mean lies above it by rate × (mean spike − 1). Otherwise they are part of the workload (a persistent tail)
/// and the factor's mean stays 1.
/// </summary>
internal sealed record NoiseModel(
    Func<int, double> SigmaLog,
    double HostShare,
    double HostPhi,
    Func<int, double> SpikeRate,
    double SpikeLow,
    double SpikeHigh,
    double InitSigmaLog,
    bool TransientSpikes = false)
{
    /// <summary>Mean of the spike factor at <paramref name="memoryMb"/>: 1 + rate × (mean spike − 1).</summary>
    public double SpikeMean(int memoryMb) => 1 + (SpikeRate(memoryMb) * (((SpikeLow + SpikeHigh) / 2) - 1));

    /// <summary>A quieter or noisier host (what-if runs): σ and the spike rate scaled by <paramref name="factor"/>.</summary>
    public NoiseModel Scaled(double factor) => this with { SigmaLog = m => SigmaLog(m) * factor, SpikeRate = m => Math.Min(1, SpikeRate(m) * factor) };
}
