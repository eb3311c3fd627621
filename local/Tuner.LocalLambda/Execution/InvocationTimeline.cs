namespace Tuner.LocalLambda.Execution;

/// <summary>
/// The clock of one environment as Lambda reports it. Init Duration runs from the spawn to the runtime's first
/// <c>invocation/next</c>; past Lambda's init limit the init is "suppressed": no Init Duration, and the rest of it
/// counts towards the first invocation's duration and timeout, which then start where the init limit ended.
/// </summary>
internal sealed class InvocationTimeline(TimeProvider time, TimeSpan initTimeout)
{
    private long _spawn;

    public TimeProvider Time => time;

    /// <summary>How long an init may take before it is suppressed.</summary>
    public TimeSpan InitTimeout => initTimeout;

    public long Now() => time.GetTimestamp();

    /// <summary>Marks the process start: init is measured from here.</summary>
    public void Spawned() => _spawn = time.GetTimestamp();

    /// <summary>Milliseconds from the spawn to <paramref name="timestamp"/> (a failed init's duration).</summary>
    public double SinceSpawnMs(long timestamp) => time.GetElapsedTime(_spawn, timestamp).TotalMilliseconds;

    /// <summary>The cold start whose init ended at <paramref name="initEnd"/>.</summary>
    public ColdStart ColdStartAt(long initEnd)
    {
        var elapsed = time.GetElapsedTime(_spawn, initEnd);
        return elapsed <= initTimeout
            ? new ColdStart(elapsed.TotalMilliseconds, null)
            : new ColdStart(null, _spawn + (long)(initTimeout.TotalSeconds * time.TimestampFrequency));
    }

    /// <summary>What is left of <paramref name="timeout"/> now, for an invocation that began with a suppressed init at <paramref name="suppressedStart"/>.</summary>
    public TimeSpan Remaining(TimeSpan timeout, long? suppressedStart) =>
        suppressedStart is { } start ? timeout - time.GetElapsedTime(start) : timeout;

    public double DurationMs(long start, long end) => time.GetElapsedTime(start, end).TotalMilliseconds;

    /// <summary>The <c>Lambda-Runtime-Deadline-Ms</c> of an invocation handed out now.</summary>
    public DateTimeOffset Deadline(TimeSpan timeout) => time.GetUtcNow() + timeout;

    /// <summary>True when <paramref name="task"/> completes within <paramref name="limit"/> on this clock.</summary>
    public async Task<bool> WaitAsync(Task task, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return true;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(limit, time, cts.Token);
        var winner = await Task.WhenAny(task, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return winner == task;
    }

    /// <summary>A cold start: its reported Init Duration, or (suppressed) the timestamp the invocation is measured from.</summary>
    internal readonly record struct ColdStart(double? InitMs, long? SuppressedStart);
}
