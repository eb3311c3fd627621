using System.Text;
using Tuner.Aws.Http;
using Tuner.Aws.Lambda;
using Tuner.Core.Ports;
using Tuner.LocalLambda;
using Tuner.TestTargets;

namespace Tuner.IntegrationTests.Aws;

/// <summary>Tuner's SigV4 Lambda client against the local Lambda service: the lifecycle the Planner, Executor and Cleaner drive.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LambdaApiClientLocalTests(LocalEnginesFixture engines)
{
    private static async Task<(LambdaApiClient Client, LocalLambdaService Service, string Function, HttpClient Http)> SetUpAsync(LocalEnginesFixture engines)
    {
        var service = await engines.GetLocalLambdaAsync();
        var name = $"tuner-aws-{Guid.NewGuid():N}"[..24];
        service.RegisterFunction(new LocalFunctionDefinition
        {
            Name = name,
            Handler = $"{typeof(ProcessInfo).Assembly.Location}::{typeof(ProcessInfo).FullName}::Handle",
            MemoryMb = 256,
            TimeoutSeconds = 10,
            Environment = new Dictionary<string, string> { ["TUNER_TEST_VALUE"] = "a" },
            Tags = new Dictionary<string, string> { ["tuner:allow"] = "true" },
        });
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        var settings = new AwsClientSettings(service.Region, new StaticCredentialsProvider(new AwsCredentials("test", "test")), http);
        return (new LambdaApiClient(settings, service.Endpoint), service, name, http);
    }

    [Fact]
    public async Task Lifecycle_UpdateWaitPublishInvokeCleanUp_WorksThroughSignedClient()
    {
        var (lambda, service, function, http) = await SetUpAsync(engines);
        using var _ = http;

        var baseline = await lambda.GetFunctionConfigurationAsync(function);
        var tags = await lambda.ListTagsAsync(baseline.FunctionArn);
        await lambda.UpdateFunctionConfigurationAsync(function, new FunctionConfigurationUpdate(MemorySizeMb: 512, Environment: new Dictionary<string, string> { ["TUNER_TEST_VALUE"] = "b" }));
        var updated = await lambda.WaitForUpdateAsync(function);
        var version = await lambda.PublishVersionAsync(function, "tuner test cell");
        await lambda.CreateAliasAsync(function, "tuner-test", version.Version);
        var invocation = await lambda.InvokeAsync(function, version.Version, Encoding.UTF8.GetBytes("{}"));
        var versions = await lambda.ListVersionsByFunctionAsync(function);
        await lambda.DeleteAliasAsync(function, "tuner-test");
        await lambda.DeleteFunctionVersionAsync(function, version.Version);
        var afterDelete = await lambda.ListVersionsByFunctionAsync(function);

        Assert.Equal(256, baseline.MemorySizeMb);
        Assert.Equal("true", tags["tuner:allow"]);
        Assert.Equal(512, updated.MemorySizeMb);
        Assert.Equal("Successful", updated.LastUpdateStatus);
        Assert.Equal(512, version.MemorySizeMb);
        Assert.Equal(200, invocation.StatusCode);
        Assert.Null(invocation.FunctionError);
        Assert.Equal(version.Version, invocation.ExecutedVersion);
        Assert.Contains("REPORT RequestId:", invocation.LogTail, StringComparison.Ordinal);
        Assert.Equal(service.LimitsEnforced, invocation.LimitsEnforced);
        Assert.Contains("\"b\"", Encoding.UTF8.GetString(invocation.Payload), StringComparison.Ordinal);
        Assert.Contains(versions, v => v.Version == version.Version);
        Assert.DoesNotContain(afterDelete, v => v.Version == version.Version);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_UnknownFunction_ThrowsResourceNotFound()
    {
        var (lambda, _, _, http) = await SetUpAsync(engines);
        using var __ = http;

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => lambda.GetFunctionConfigurationAsync("no-such-function-" + Guid.NewGuid().ToString("N")[..8]));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
    }
}
