using Tuner.Functions.Lambda;
using Tuner.Functions.Tests.TestHelpers;
using Tuner.Tests.TestSupport;

namespace Tuner.Functions.Tests.Lambda;

/// <summary>
/// Settle polling stays within the control-plane quota: GetFunctionConfiguration shares the account's 15 requests/s
/// with the owner's own deployments (Lambda quotas page, read 2026-12-01). Before, a settle wait polled every 50 ms:
/// 20 calls in a second.
/// </summary>
public sealed class FunctionConfiguratorTests
{
    private readonly FakeLambdaApi _lambda = new();
    private readonly AutoAdvancingTimeProvider _time = new(FunctionsClock.Start);

    [Fact]
    public async Task WaitUntilSettled_UpdateInProgressForThirtyReads_AtMostTwoReadsInAnySecondAndBacksOff()
    {
        var function = _lambda.Add("orders-ingest");
        function.SettlingReads = 30;
        var configurator = new FunctionConfigurator(_lambda, _time);

        var settled = await configurator.WaitUntilSettledAsync("orders-ingest", CancellationToken.None);

        Assert.Equal("Successful", settled.LastUpdateStatus);
        Assert.Equal(31, _lambda.Calls.Count(c => c == "Get orders-ingest"));
        // The only waits are between two reads: read i happens after the first i waits.
        var waits = _time.Delays;
        Assert.Equal(30, waits.Count);
        var reads = Enumerable.Range(0, 31).Select(i => waits.Take(i).Aggregate(TimeSpan.Zero, (sum, w) => sum + w)).ToList();
        var busiestSecond = reads.Max(start => reads.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1)));
        Assert.True(busiestSecond <= 2, $"{busiestSecond} GetFunctionConfiguration calls in one second; waits: {string.Join(", ", waits.Select(w => w.TotalMilliseconds))} ms");
        Assert.Equal(FunctionConfigurator.FirstPoll, waits[0]);
        Assert.Equal(FunctionConfigurator.MaxPoll, waits[^1]);
    }
}
