using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class InvocationTimelineTests
{
    private static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public void ColdStartAt_InitWithinTheLimit_ReportsItsDuration()
    {
        var (clock, timeline) = Started();
        clock.Advance(TimeSpan.FromMilliseconds(840));

        var cold = timeline.ColdStartAt(timeline.Now());

        Assert.Equal(840, cold.InitMs);
        Assert.Null(cold.SuppressedStart);
    }

    [Fact]
    public void ColdStartAt_InitPastTheLimit_IsSuppressedAndTheInvocationStartsAtTheLimit()
    {
        var (clock, timeline) = Started();
        var spawn = timeline.Now();
        clock.Advance(TimeSpan.FromSeconds(12));

        var cold = timeline.ColdStartAt(timeline.Now());

        Assert.Null(cold.InitMs);
        Assert.Equal(spawn + InitLimit.Ticks, cold.SuppressedStart);
        Assert.Equal(2_000, timeline.DurationMs(cold.SuppressedStart!.Value, timeline.Now()));
    }

    [Fact]
    public void Remaining_AfterASuppressedInit_CountsTheInitOverrunAgainstTheTimeout()
    {
        var (clock, timeline) = Started();
        clock.Advance(TimeSpan.FromSeconds(13));
        var cold = timeline.ColdStartAt(timeline.Now());

        Assert.Equal(TimeSpan.FromSeconds(27), timeline.Remaining(TimeSpan.FromSeconds(30), cold.SuppressedStart));
        Assert.Equal(TimeSpan.FromSeconds(30), timeline.Remaining(TimeSpan.FromSeconds(30), suppressedStart: null));
    }

    [Fact]
    public void SinceSpawnMs_AFailedInit_IsMeasuredFromTheSpawn()
    {
        var (clock, timeline) = Started();
        clock.Advance(TimeSpan.FromMilliseconds(250));

        Assert.Equal(250, timeline.SinceSpawnMs(timeline.Now()));
    }

    [Fact]
    public void Deadline_IsNowPlusTheTimeout()
    {
        var (clock, timeline) = Started();

        Assert.Equal(clock.GetUtcNow().AddSeconds(3), timeline.Deadline(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task WaitAsync_ACompletedTask_IsTrueWithoutWaiting()
    {
        var (_, timeline) = Started();

        Assert.True(await timeline.WaitAsync(Task.CompletedTask, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_ATaskThatNeverEnds_IsFalseAfterTheLimit()
    {
        var timeline = new InvocationTimeline(TimeProvider.System, InitLimit);
        var never = new TaskCompletionSource();

        Assert.False(await timeline.WaitAsync(never.Task, TimeSpan.FromMilliseconds(20), CancellationToken.None));
    }

    private static (ManualTimeProvider Clock, InvocationTimeline Timeline) Started()
    {
        var clock = new ManualTimeProvider();
        var timeline = new InvocationTimeline(clock, InitLimit);
        timeline.Spawned();
        return (clock, timeline);
    }
}
