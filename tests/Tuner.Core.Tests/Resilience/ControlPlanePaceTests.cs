using Microsoft.Extensions.Time.Testing;
using Tuner.Core.Resilience;

namespace Tuner.Core.Tests.Resilience;

public sealed class ControlPlanePaceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Asks for <paramref name="count"/> turns at once; each records the fake clock's time when its turn came.</summary>
    private static (List<Task> Calls, List<DateTimeOffset> Started) StartCalls(ControlPlanePace pace, FakeTimeProvider time, int count)
    {
        var started = new List<DateTimeOffset>();
        var calls = Enumerable.Range(0, count).Select(async _ =>
        {
            await pace.WaitTurnAsync(CancellationToken.None);
            lock (started)
            {
                started.Add(time.GetUtcNow());
            }
        }).ToList();
        return (calls, started);
    }

    private static int Count(List<DateTimeOffset> started)
    {
        lock (started)
        {
            return started.Count;
        }
    }

    /// <summary>Waits (real time, at most 10 s) until <paramref name="condition"/> holds; fails the test otherwise.</summary>
    private static async Task WhenAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "a paced call did not get its turn within 10 s of real time");
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task WaitTurnAsync_ThirtyCallsAtOnce_OnePerIntervalAndNeverMoreThanTheRateInAnySecond()
    {
        var time = new FakeTimeProvider(Start);
        var pace = new ControlPlanePace(8, time);
        var (calls, started) = StartCalls(pace, time, 30);

        // The clock moves on only once the turn due now has recorded its time: under load a continuation can lag the
        // fake clock, and a turn granted at 125 ms would record 250 ms (a fresh-clone CI run saw 29 distinct times of 30).
        for (var due = 1; due <= 30; due++)
        {
            await WhenAsync(() => Count(started) >= due);
            if (due < 30)
            {
                time.Advance(pace.Interval);
            }
        }

        await Task.WhenAll(calls);
        Assert.Equal(30, started.Count);
        // One at once, then one per 125 ms: the 30th at 29 × 125 ms.
        Assert.Equal(Start, started.Min());
        Assert.Equal(TimeSpan.FromMilliseconds(29 * 125), started.Max() - Start);
        Assert.Equal(30, started.Distinct().Count());
        var busiest = started.Max(s => started.Count(o => o >= s && o < s + TimeSpan.FromSeconds(1)));
        Assert.Equal(8, busiest);
    }

    [Fact]
    public async Task WaitTurnAsync_ClockStands_OnlyTheFirstCallGoes()
    {
        var time = new FakeTimeProvider(Start);
        var pace = new ControlPlanePace(8, time);
        var (calls, started) = StartCalls(pace, time, 3);

        await Task.Delay(50);
        Assert.Single(started);

        time.Advance(pace.Interval);
        await Task.Delay(50);
        Assert.Equal(2, started.Count);

        time.Advance(pace.Interval);
        await Task.WhenAll(calls);
        Assert.Equal(3, started.Count);
    }

    [Fact]
    public async Task WaitTurnAsync_IdleLongerThanTheInterval_GoesAtOnce()
    {
        var time = new FakeTimeProvider(Start);
        var pace = new ControlPlanePace(8, time);
        await pace.WaitTurnAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(5));
        var turn = pace.WaitTurnAsync(CancellationToken.None);

        Assert.True(turn.IsCompleted);
        await turn;
    }

    [Fact]
    public async Task WaitTurnAsync_CancelledWhileWaiting_Throws()
    {
        var time = new FakeTimeProvider(Start);
        var pace = new ControlPlanePace(2, time);
        await pace.WaitTurnAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = pace.WaitTurnAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void Constructor_RateBelowOne_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlPlanePace(0, TimeProvider.System));

    [Fact]
    public void Constructor_RateAboveTwelve_RefusedSoTheOwnerKeepsThreeOfTheAccountsFifteen()
    {
        Assert.Equal(12, new ControlPlanePace(ControlPlanePace.MaxRequestsPerSecond, TimeProvider.System).RequestsPerSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlPlanePace(13, TimeProvider.System));
    }
}
