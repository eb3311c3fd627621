namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// Noise figures measured on this machine with the local Lambda service (cgroup v1 CPU/memory caps), 2026-12-01, by
/// <c>dotnet run -c Release --project tests/Tuner.Benchmarks -- noise</c> (120 sequential warm invocations per series,
/// 6 cold starts per memory size, 150 s of drift; the machine was shared, load average 17–28 on 2 cores). See
/// README.md in this folder for the whole table. Summary:
/// <list type="bullet">
/// <item>CPU-bound loop before the host fix (≈ 60 ms at 1,769 MB; <see cref="CpuBound"/> now models the figures
/// measured after it): sd(log duration) 0.175 at 512 MB, 0.181 at 1,024, 0.128 at 1,769; CV
/// 0.17–0.23; right-skewed (skew 3–5), p99/p50 1.9–2.1, max/p50 ≈ 2.4, 2.5–6.7% of invocations above 1.5 × median,
/// none above 3×; lag-1 autocorrelation 0.23–0.61.</item>
/// <item>Sleep 50 ms (I/O-like): sd(log) 0.058 at 512 MB, 0.049 at 1,769; p99/p50 1.13–1.23; lag-1 0.05–0.24.</item>
/// <item>INIT (tiny .NET handler): 851 ms at 256 MB, 429 at 512, 135 at 1,769 — fits 14 + 121 × 1769/min(m,1769) ms;
/// CV 0.01–0.09 (0.17 for the sleeping handler at 1,769). First invocation's extra Duration (JIT): 158 / 74 / 21 ms
/// (≈ 21 × 1769/m) for the CPU loop, 305 / 46 ms (≈ 45 × 1769/m) for the async sleep handler.</item>
/// </list>
/// </summary>
internal static class NoiseProfiles
{
    /// <summary>
    /// CPU-bound work since the host's Runtime API client stopped using HttpClient (2026-12-01, README.md in this folder):
    /// a body with sd(log) 0.08 (unchanged by the fix: 0.07–0.15 measured at load 30–38, 0.076–0.085 at load 17–28)
    /// and spikes of 1.45–2.45 × in 3% of invocations at every memory size (measured 0.8–3.3% above 1.5 × median at
    /// 256–1,024 MB in the interleaved A/B, 3% above 1.4 × in the traced runs: the runtime's own tier-1 batches around
    /// invocations 31, 41 and 51 of an environment; before the fix 8–9% at ≤ 1,024 MB). Host AR(1) with φ 0.4
    /// carrying 60% of the body's variance (lag-1 measured −0.05–0.33, was 0.29–0.59 while the spikes clustered).
    /// Overall CV ≈ 0.16 (measured 0.10–0.19 at 256–1,024 MB; was 0.22–0.27).
    /// </summary>
    public static NoiseModel CpuBound { get; } = new(
        _ => 0.08,
        HostShare: 0.6,
        HostPhi: 0.4,
        SpikeRate: _ => 0.03,
        SpikeLow: 1.45,
        SpikeHigh: 2.45,
        InitSigmaLog: 0.05);

    /// <summary>I/O-bound work (the sleeping handler): sd(log) 0.055, no spikes, weak serial correlation (lag-1 0.06–0.25).</summary>
    public static NoiseModel IoBound { get; } = new(_ => 0.055, HostShare: 0.3, HostPhi: 0.5, SpikeRate: _ => 0, SpikeLow: 1, SpikeHigh: 1, InitSigmaLog: 0.08);

    /// <summary>Measured INIT of a small .NET handler at <paramref name="memoryMb"/>.</summary>
    public static double InitMs(int memoryMb) => 14 + (121 * 1769.0 / Math.Min(memoryMb, 1769));

    /// <summary>Measured extra Duration of the first invocation in an environment (JIT), CPU-bound handler.</summary>
    public static double FirstInvocationExtraMs(int memoryMb) => 21 * 1769.0 / Math.Min(memoryMb, 1769);
}
