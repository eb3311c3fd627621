namespace Tuner.LocalStack;

/// <summary>
/// One local run: its id (the execution name, <c>runs/&lt;runId&gt;/</c> in the bucket), how the execution ended, and
/// — when it was aborted (Ctrl-C) — the output of the Cleaner the stack then ran itself (null if it did not run).
/// </summary>
public sealed record LocalRunResult(string RunId, ExecutionOutcome Outcome, string? CleanupAfterAbort);
