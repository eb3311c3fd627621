using Tuner.Contracts;

namespace Tuner.Functions.Runs;

/// <summary>
/// <see cref="BucketKeys.Ended"/>: the Cleaner writes it before it cleans anything. A Planner invocation that
/// is still publishing when its execution was stopped (StopExecution does not stop a Lambda invocation in flight)
/// reads it after each change and undoes what it did, so nothing it publishes after the Cleaner looked stays behind.
/// <see cref="Outcome"/> is how the Cleaner was called (<c>succeeded</c>, <c>failed</c>, <c>ABORTED</c>, …).
/// </summary>
public sealed record RunEnded(string RunId, string Outcome, DateTimeOffset EndedAt);
