using Polly;
using Tuner.Core.Resilience;

namespace Tuner.Core.Tests.Resilience;

public sealed class RetryPipelinesTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20), new Random(1));

    [Fact]
    public async Task Create_RetryableFailure_RetriesUpToMaxAttemptsThenThrows()
    {
        var pipeline = RetryPipelines.Create(new RetryOptions(3, Backoff.BaseDelay, Backoff.MaxDelay), Backoff, TimeProvider.System, e => e is TimeoutException);
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }).AsTask());

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Create_OtherFailure_IsNotRetried()
    {
        var pipeline = RetryPipelines.Create(RetryOptions.Default, Backoff, TimeProvider.System, e => e is TimeoutException);
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new InvalidOperationException();
        }).AsTask());

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Create_RetryAfter_WaitsAtLeastTheServersHint()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2), new Random(1));
        var pipeline = RetryPipelines.Create(new RetryOptions(2, backoff.BaseDelay, backoff.MaxDelay), backoff, TimeProvider.System, _ => true, _ => TimeSpan.FromMilliseconds(300));
        var attempts = 0;
        var started = TimeProvider.System.GetTimestamp();

        var value = await pipeline.ExecuteAsync(_ => ++attempts == 1 ? throw new TimeoutException() : ValueTask.FromResult(attempts));

        Assert.Equal(2, value);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task ThrottledInvoke_OnlyTheRefusedBeforeRunningFailureIsRetriedFourTimes()
    {
        var pipeline = RetryPipelines.ThrottledInvoke(Backoff, TimeProvider.System, e => e is TimeoutException, _ => null);
        var attempts = 0;

        await Assert.ThrowsAsync<TimeoutException>(() => pipeline.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new TimeoutException();
        }).AsTask());

        Assert.Equal(4, attempts);
    }

    [Fact]
    public void Create_OneAttempt_IsTheEmptyPipeline() =>
        Assert.Same(ResiliencePipeline.Empty, RetryPipelines.Create(RetryOptions.None, Backoff, TimeProvider.System, _ => true));
}
