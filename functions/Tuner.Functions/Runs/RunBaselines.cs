using Tuner.Contracts;
using Tuner.Core.Planning;

namespace Tuner.Functions.Runs;

/// <summary><see cref="BucketKeys.Baselines"/>: each target's whole baseline, in the plan's target order.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Baselines">The configurations the Cleaner restores.</param>
internal sealed record RunBaselines(string RunId, IReadOnlyList<BaselineConfiguration> Baselines);
