using Tuner.Core.Planning;

namespace Tuner.Functions.Runs;

/// <summary><c>secrets/&lt;runId&gt;/baselines.json</c>: each target's whole baseline, in the plan's target order.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Baselines">The configurations the Cleaner restores.</param>
internal sealed record RunBaselines(string RunId, IReadOnlyList<BaselineConfiguration> Baselines);
