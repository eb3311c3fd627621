using System.Net;
using Tuner.Aws.Http;
using Tuner.Aws.Lambda;
using Tuner.Core.Ports;
using Tuner.Core.Resilience;
using Tuner.LocalLambda.Faults;
using Tuner.TestTargets;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>The local Lambda service's fault endpoint: injected errors reach clients in Lambda's own shape and headers, then stop.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalLambdaFaultInjectionTests(LocalEnginesFixture fixture)
{
    [Fact]
    public async Task InjectedThrottle_AnswersInLambdaShapeForCountCallsThenServes()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Echo>();
        var other = lambda.Register<Echo>();
        await using var faults = await LocalEnginesFixture.InjectLambdaFaultsAsync(lambda.Service.Endpoint,
            new LambdaFaultRule("UpdateFunctionConfiguration", function, 429, "TooManyRequestsException", "Rate exceeded", 2, "CallerRateLimitExceeded", 3));
        using var http = new HttpClient { BaseAddress = lambda.Service.Endpoint };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"2015-03-31/functions/{function}/configuration")
        {
            Content = new StringContent("""{"MemorySize":512}"""),
        };

        using var first = await http.SendAsync(request);
        var firstBody = await first.Content.ReadAsStringAsync();
        var otherFunction = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{other}/configuration", """{"MemorySize":512}""");
        var viaArn = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{Uri.EscapeDataString(lambda.Service.FunctionArn(function))}/configuration", """{"MemorySize":512}""");
        var third = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":512}""");
        var hits = await faults.HitsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal("TooManyRequestsException", first.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal("3", first.Headers.GetValues("Retry-After").Single());
        Assert.NotEmpty(first.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal("""{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded","retryAfterSeconds":"3"}""", firstBody);
        Assert.Equal(HttpStatusCode.OK, otherFunction.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, viaArn.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.Equal([2], hits);
    }

    [Fact]
    public async Task InjectedInvokeFault_SignedClientSeesLambdaErrorAndTargetDoesNotRun()
    {
        var service = await fixture.GetLocalLambdaAsync();
        using var lambda = new LambdaHttp(service);
        var function = lambda.Register<Echo>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var client = new LambdaApiClient(new AwsClientSettings(service.Region, new StaticCredentialsProvider(new AwsCredentials("test", "test")), http)
        {
            Retry = RetryOptions.None,
        }, service.Endpoint);
        await using var faults = await LocalEnginesFixture.InjectLambdaFaultsAsync(service.Endpoint,
            new LambdaFaultRule("Invoke", function, 500, "ServiceException", "injected", null));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => client.InvokeAsync(function, null, "{}"u8.ToArray()));
        var environments = service.EnvironmentCount;

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("ServiceException", error.ErrorCode);
        Assert.Contains("injected", error.Message, StringComparison.Ordinal);
        Assert.Equal([1], await faults.HitsAsync());
        Assert.Equal(0, environments);
    }

    [Fact]
    public async Task FaultEndpoint_BadRules_RefusedWithFieldPaths()
    {
        var service = await fixture.GetLocalLambdaAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalEnginesFixture.InjectLambdaFaultsAsync(service.Endpoint,
            new LambdaFaultRule("UpdateFunctionConfig", null, 200, "X", "m", 0)));

        Assert.Contains("rules[0].operation: UpdateFunctionConfig is not an action", error.Message, StringComparison.Ordinal);
        Assert.Contains("rules[0].status", error.Message, StringComparison.Ordinal);
        Assert.Contains("rules[0].count", error.Message, StringComparison.Ordinal);
        Assert.Empty(service.Faults.List());
    }
}
