using Tuner.Functions.Errors;
using Tuner.Functions.Lambda;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.Lambda;

/// <summary>A published version is invoked only once Lambda says it is Active (SnapStart versions start Pending).</summary>
public sealed class VersionActivationTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly AutoAdvancingTimeProvider _time = new(FunctionsClock.Start);
    private readonly FakeFunction _function;

    public VersionActivationTests() => _function = _lambda.Add("orders-ingest");

    private VersionActivation Activation() => new(_lambda, _time);

    [Fact]
    public async Task WaitUntilActive_ActiveVersion_ReturnsWithoutReadingItAgain()
    {
        var published = await _lambda.PublishVersionAsync("orders-ingest", "v");

        await Activation().WaitUntilActiveAsync(published, CancellationToken.None);

        Assert.DoesNotContain(_lambda.Calls, c => c.StartsWith("Get", StringComparison.Ordinal));
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task WaitUntilActive_PendingForThreeReads_ReadEveryTwoSecondsUntilActive()
    {
        _function.PendingReads = 3;
        var published = await _lambda.PublishVersionAsync("orders-ingest", "v");

        await Activation().WaitUntilActiveAsync(published, CancellationToken.None);

        Assert.Equal(3, _lambda.Calls.Count(c => c == "Get orders-ingest:1"));
        Assert.Equal([VersionActivation.ActivePoll, VersionActivation.ActivePoll, VersionActivation.ActivePoll], _time.Delays);
        Assert.Equal(TimeSpan.FromSeconds(2), VersionActivation.ActivePoll);
    }

    [Fact]
    public async Task WaitUntilActive_EndsFailed_ThrowsWithLambdasReason()
    {
        _function.PendingReads = 1;
        _function.PendingEndsAs = "Failed";
        var published = await _lambda.PublishVersionAsync("orders-ingest", "v");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Activation().WaitUntilActiveAsync(published, CancellationToken.None));

        Assert.Equal("version 1 of orders-ingest cannot be invoked: its State is Failed (SnapStartNotReady)", error.Message);
    }

    [Fact]
    public async Task WaitUntilActive_StillPendingAfterTenMinutes_TransientNamingTheVersion()
    {
        _function.PendingReads = int.MaxValue;
        var published = await _lambda.PublishVersionAsync("orders-ingest", "v");

        var error = await Assert.ThrowsAsync<TransientDependencyException>(() => Activation().WaitUntilActiveAsync(published, CancellationToken.None));

        Assert.Equal("version 1 of orders-ingest was still Pending after 10 minutes (Creating)", error.Message);
        // 2 s polls until more than 10 minutes have passed: 301 waits, 301 reads, no more.
        Assert.Equal(301, _time.Delays.Count);
        Assert.Equal(301, _lambda.Calls.Count(c => c == "Get orders-ingest:1"));
    }
}
