namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// Noise figures measured on this machine with the local Lambda service (cgroup v1 CPU/memory caps), 2026-12-01, by
/// <c>dotnet run -c Release --project tests/Tuner.Benchmarks -- noise</c> (120 sequential warm invocations per series,
/// 6 cold starts per memory size, 150 s of drift; the machine was shared, load average 17–28 on 2 cores). See
/// README.md in this folder for the whole table. Summary:
/// <list type="bullet">
/// <item>CPU-bound loop (≈ 60 ms at 1,769 MB): sd(log duration) 0.175 at 512 MB, 0.181 at 1,024, 0.128 at 1,769; CV
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
    /// CPU-bound work: a body with sd(log) 0.08 (measured 0.076–0.085 below 1.4 × median) and spikes of 1.45–2.45 ×
    /// (measured range) in 8% of invocations at ≤ 1,024 MB (measured 6.7–9.2%) and 2.5% at ≥ 1,769 MB (measured),
    /// interpolated on log memory; overall CV ≈ 0.22 / 0.17 as measured. Host AR(1) with φ 0.7 carrying 60% of the
    /// body's variance (lag-1 ≈ 0.42; measured 0.29–0.59 on log duration).
    /// </summary>
    public static NoiseModel CpuBound { get; } = new(
        _ => 0.08,
        HostShare: 0.6,
        HostPhi: 0.7,
        SpikeRate: m => m <= 1024 ? 0.08 : m >= 1769 ? 0.025 : 0.08 + ((0.025 - 0.08) * Math.Log(m / 1024.0) / Math.Log(1769 / 1024.0)),
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
