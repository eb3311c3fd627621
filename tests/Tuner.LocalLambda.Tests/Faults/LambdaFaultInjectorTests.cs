using Tuner.LocalLambda.Faults;
using Tuner.LocalLambda.Tests.TestHelpers;

namespace Tuner.LocalLambda.Tests.Faults;

public sealed class LambdaFaultInjectorTests
{
    private static LambdaFaultRule Throttle(string operation, string? function, int? count) =>
        new(operation, function, 429, "TooManyRequestsException", "Rate Exceeded.", count, "CallerRateLimitExceeded", 1);

    [Fact]
    public void Match_CountedRule_AnswersThatManyCallsThenServes()
    {
        var injector = new LambdaFaultInjector();
        injector.Add([Throttle("UpdateFunctionConfiguration", "orders", 2)]);

        var first = injector.Match("UpdateFunctionConfiguration", "orders");
        var second = injector.Match("UpdateFunctionConfiguration", "orders");
        var third = injector.Match("UpdateFunctionConfiguration", "orders");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        var state = Assert.Single(injector.List());
        Assert.Equal(2, state.Hits);
        Assert.Equal(0, state.Remaining);
    }

    [Fact]
    public void Match_OtherOperationOrFunction_IsServed()
    {
        var injector = new LambdaFaultInjector();
        injector.Add([Throttle("PublishVersion", "orders", null)]);

        Assert.Null(injector.Match("UpdateFunctionConfiguration", "orders"));
        Assert.Null(injector.Match("PublishVersion", "payments"));
        Assert.Null(injector.Match("PublishVersion", null));
        Assert.Null(injector.Match("publishversion", "orders"));
        Assert.Equal(0, Assert.Single(injector.List()).Hits);
    }

    [Fact]
    public void Match_AnyFunctionRuleWithoutCount_AnswersEveryCallAndCountsHits()
    {
        var injector = new LambdaFaultInjector();
        injector.Add([Throttle("Invoke", null, null)]);

        var answered = Enumerable.Range(0, 5).Count(i => injector.Match("Invoke", $"f{i}") is not null);

        Assert.Equal(5, answered);
        var state = Assert.Single(injector.List());
        Assert.Equal(5, state.Hits);
        Assert.Null(state.Remaining);
    }

    [Fact]
    public void Match_SeveralRules_FirstWithCallsLeftAnswers()
    {
        var injector = new LambdaFaultInjector();
        var conflict = new LambdaFaultRule("PublishVersion", "orders", 409, "ResourceConflictException", "busy", 1);
        injector.Add([conflict, Throttle("PublishVersion", null, 1)]);

        var first = injector.Match("PublishVersion", "orders");
        var second = injector.Match("PublishVersion", "orders");
        var third = injector.Match("PublishVersion", "orders");

        Assert.Equal("ResourceConflictException", first?.ErrorType);
        Assert.Equal("TooManyRequestsException", second?.ErrorType);
        Assert.Null(third);
    }

    [Fact]
    public void Clear_RemovesEveryRule()
    {
        var injector = new LambdaFaultInjector();
        injector.Add([Throttle("Invoke", null, null)]);

        injector.Clear();

        Assert.Null(injector.Match("Invoke", "orders"));
        Assert.Empty(injector.List());
    }

    [Fact]
    public async Task Match_ConcurrentCalls_CountedRuleAnswersExactlyItsCount()
    {
        var injector = new LambdaFaultInjector();
        injector.Add([Throttle("Invoke", "orders", 50)]);

        var answered = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => injector.Match("Invoke", "orders") is not null)));

        Assert.Equal(50, answered.Count(a => a));
        Assert.Equal(50, Assert.Single(injector.List()).Hits);
    }

    [Fact]
    public void PeakCallsPerSecond_JournaledCalls_CountsTheBusiestSecondOfTheOperationsNamed()
    {
        var time = new ManualTimeProvider();
        var injector = new LambdaFaultInjector(time);
        foreach (var gap in new[] { 0, 100, 100, 100, 900, 500, 500 })
        {
            time.Advance(TimeSpan.FromMilliseconds(gap));
            injector.Match("GetFunctionConfiguration", "orders");
            injector.Match("GetFunctionConfiguration", "payments");
        }

        injector.Match("PublishVersion", "orders");

        Assert.Equal(4, injector.PeakCallsPerSecond("orders", ["GetFunctionConfiguration"]));
        Assert.Equal(4, injector.PeakCallsPerSecond("orders", ["GetFunctionConfiguration", "PublishVersion"]));
        Assert.Equal(2, injector.PeakCallsPerSecond("orders", ["GetFunctionConfiguration"], from: time.GetUtcNow() - TimeSpan.FromSeconds(1.5)));
        Assert.Equal(7, injector.CallTimes("GetFunctionConfiguration", "orders").Count);
        Assert.Equal(0, injector.PeakCallsPerSecond("other", ["GetFunctionConfiguration"]));
    }
}
