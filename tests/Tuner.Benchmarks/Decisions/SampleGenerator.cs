using Tuner.Core.Samples;

namespace Tuner.Benchmarks.Decisions;

/// <summary>
/// Draws the samples of one simulated run. It keeps the run's clock (advanced by every invocation's duration, INIT
/// included, in the order the invocations run) for drift, and the host's AR(1) state, stepped per invocation.
/// Billed duration is ⌈Duration⌉, or ⌈Duration + INIT⌉ for a cold start (INIT is billed).
/// </summary>
internal sealed class SampleGenerator
{
    private readonly WorkloadModel _model;
    private readonly Random _random;
    private readonly double _driftPerMs;
    private double _host;
    private int _index;

    /// <param name="model">The workload.</param>
    /// <param name="random">The run's seeded source.</param>
    /// <param name="expectedWallMs">The run's expected wall time: the drift reaches <see cref="WorkloadModel.Drift"/> there.</param>
    public SampleGenerator(WorkloadModel model, Random random, double expectedWallMs)
    {
        _model = model;
        _random = random;
        _driftPerMs = expectedWallMs > 0 ? model.Drift / expectedWallMs : 0;
    }

    /// <summary>Simulated wall time so far (ms).</summary>
    public double ClockMs { get; private set; }

    public Random Random => _random;

    public Sample Draw(CellTruth truth, bool cold, bool warmup, int stage, int round)
    {
        var noise = _model.Noise;
        var sigma = noise.SigmaLog(truth.Cell.MemoryMb);
        var hostVariance = sigma * sigma * noise.HostShare;
        _host = (noise.HostPhi * _host) + (Math.Sqrt((1 - (noise.HostPhi * noise.HostPhi)) * hostVariance) * Normal());
        var own = Math.Sqrt(sigma * sigma * (1 - noise.HostShare)) * Normal();
        var factor = Math.Exp(_host + own - (sigma * sigma / 2));
        var spikeRate = noise.SpikeRate(truth.Cell.MemoryMb);
        if (spikeRate > 0 && _random.NextDouble() < spikeRate)
        {
            factor *= noise.SpikeLow + (_random.NextDouble() * (noise.SpikeHigh - noise.SpikeLow));
        }

        if (!noise.TransientSpikes)
        {
            factor /= noise.SpikeMean(truth.Cell.MemoryMb);
        }

        var slowdown = 1 + (_driftPerMs * ClockMs);
        var failed = truth.ErrorRate > 0 && _random.NextDouble() < truth.ErrorRate;
        var baseMs = failed ? truth.ErrorMs : truth.WarmMs;
        var duration = (baseMs + (cold ? truth.FirstExtraMs : 0)) * factor * slowdown;
        double? init = cold ? truth.InitMs * Math.Exp((noise.InitSigmaLog * Normal()) - (noise.InitSigmaLog * noise.InitSigmaLog / 2)) * slowdown : null;
        var billed = Math.Ceiling(duration + (init ?? 0));
        ClockMs += duration + (init ?? 0);
        return new Sample
        {
            CellId = truth.Cell.Id,
            Index = _index++,
            ColdStart = cold,
            DurationMs = Math.Round(duration, 2),
            BilledDurationMs = billed,
            InitDurationMs = init is { } i ? Math.Round(i, 2) : null,
            MemorySizeMb = truth.Cell.MemoryMb,
            MaxMemoryUsedMb = Math.Min(truth.Cell.MemoryMb, 100),
            ErrorType = failed ? truth.ErrorType : null,
            ErrorMessage = failed ? "simulated" : null,
            ConsumedWriteUnits = truth.WriteUnits > 0 && !failed ? truth.WriteUnits : null,
            Stage = stage,
            Round = round,
            Warmup = warmup,
        };
    }

    private double Normal()
    {
        // Box–Muller; one draw per call keeps the stream simple to reason about.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
