using Tuner.Contracts;

namespace Tuner.LocalCloud;

/// <summary>
/// One local run: its id (the execution name, <see cref="BucketKeys.Run"/> in the bucket), how the execution ended, and
/// — when it ended ABORTED, TIMED_OUT or FAILED — the output of the Cleaner the stack then ran itself, as the
/// status-change rule does on AWS (null after a success), or why that Cleaner failed (<see cref="CleanupError"/>).
/// </summary>
public sealed record LocalRunResult(string RunId, ExecutionOutcome Outcome, string? Cleanup, string? CleanupError = null);
