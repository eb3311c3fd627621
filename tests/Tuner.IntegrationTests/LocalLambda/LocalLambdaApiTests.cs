using System.Net;
using System.Text;
using Tuner.Aws.Http;
using Tuner.Aws.Lambda;
using Tuner.Core.Ports;
using Tuner.TestTargets;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>The Lambda API: versions, aliases, tags, identifiers, and every error Tuner relies on, with AWS's shapes.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalLambdaApiTests(LocalEnginesFixture fixture)
{
    [Fact]
    public async Task PublishVersion_ThenUpdateLatest_VersionKeepsFrozenConfigurationAndQualifiedInvokeUsesIt()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<ProcessInfo>(memoryMb: 256, environment: new Dictionary<string, string> { ["TUNER_TEST_VALUE"] = "a" });

        var published = await lambda.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/versions", "{}");
        var update = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration",
            """{"MemorySize":512,"Timeout":20,"Environment":{"Variables":{"TUNER_TEST_VALUE":"b"}}}""");
        await lambda.WaitForUpdateAsync(function);
        var version1 = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/configuration?Qualifier=1");
        var latest = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/configuration");
        var invokedVersion = await lambda.InvokeAsync(function, qualifier: "1");
        var invokedLatest = await lambda.InvokeAsync(function);
        var versions = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/versions");

        Assert.Equal(HttpStatusCode.Created, published.Status);
        Assert.Equal("1", published.Json.RootElement.GetProperty("Version").GetString());
        Assert.Equal(lambda.Service.FunctionArn(function, "1"), published.Json.RootElement.GetProperty("FunctionArn").GetString());
        Assert.Equal("InProgress", update.Json.RootElement.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal(256, version1.Json.RootElement.GetProperty("MemorySize").GetInt32());
        Assert.Equal("a", version1.Json.RootElement.GetProperty("Environment").GetProperty("Variables").GetProperty("TUNER_TEST_VALUE").GetString());
        Assert.Equal(512, latest.Json.RootElement.GetProperty("MemorySize").GetInt32());
        Assert.Equal(20, latest.Json.RootElement.GetProperty("Timeout").GetInt32());
        Assert.Equal("Successful", latest.Json.RootElement.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("1", invokedVersion.ExecutedVersion);
        Assert.Equal("256", invokedVersion.Json.RootElement.GetProperty("memorySize").GetString());
        Assert.Equal("a", invokedVersion.Json.RootElement.GetProperty("custom").GetString());
        Assert.Equal("1", invokedVersion.Json.RootElement.GetProperty("version").GetString());
        Assert.Equal(256, invokedVersion.Report.MemorySizeMb);
        Assert.Equal("$LATEST", invokedLatest.ExecutedVersion);
        Assert.Equal("512", invokedLatest.Json.RootElement.GetProperty("memorySize").GetString());
        Assert.Equal("b", invokedLatest.Json.RootElement.GetProperty("custom").GetString());
        Assert.Equal(["$LATEST", "1"], versions.Json.RootElement.GetProperty("Versions").EnumerateArray().Select(v => v.GetProperty("Version").GetString()));
    }

    [Fact]
    public async Task Aliases_CreateInvokeUpdateDelete_ResolveToVersionsAndGuardDeletion()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<ProcessInfo>(memoryMb: 256);
        await lambda.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/versions", "{}");
        await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":384}""");
        await lambda.WaitForUpdateAsync(function);
        var v2 = await lambda.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/versions", "{}");

        var created = await lambda.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/aliases", """{"Name":"live","FunctionVersion":"1"}""");
        var viaAlias = await lambda.InvokeAsync(function, qualifier: "live");
        var viaPartialArn = await lambda.InvokeAsync($"{function}:live");
        var updated = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/aliases/live", """{"FunctionVersion":"2"}""");
        var got = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/aliases/live");
        var deleteReferenced = await lambda.SendAsync(HttpMethod.Delete, $"/2015-03-31/functions/{function}?Qualifier=2");
        var deleteAlias = await lambda.SendAsync(HttpMethod.Delete, $"/2015-03-31/functions/{function}/aliases/live");
        var deleteVersion = await lambda.SendAsync(HttpMethod.Delete, $"/2015-03-31/functions/{function}?Qualifier=2");
        var invokeDeleted = await lambda.InvokeAsync(function, qualifier: "2");

        Assert.Equal("2", v2.Json.RootElement.GetProperty("Version").GetString());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(lambda.Service.FunctionArn(function, "live"), created.Json.RootElement.GetProperty("AliasArn").GetString());
        Assert.Equal("1", viaAlias.ExecutedVersion);
        Assert.Equal("256", viaAlias.Json.RootElement.GetProperty("memorySize").GetString());
        Assert.Equal("1", viaPartialArn.ExecutedVersion);
        Assert.Equal("2", updated.Json.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Equal("2", got.Json.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Equal(HttpStatusCode.Conflict, deleteReferenced.Status);
        Assert.Equal("ResourceConflictException", deleteReferenced.ErrorType);
        Assert.Equal(HttpStatusCode.NoContent, deleteAlias.Status);
        Assert.Equal(HttpStatusCode.NoContent, deleteVersion.Status);
        Assert.Equal(HttpStatusCode.NotFound, invokeDeleted.Status);
        Assert.Equal("ResourceNotFoundException", invokeDeleted.ErrorType);
    }

    [Fact]
    public async Task Errors_NotFoundBadParametersConflict_AwsShapes()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Echo>();

        var missing = await lambda.SendAsync(HttpMethod.Get, "/2015-03-31/functions/no-such-function/configuration");
        var missingInvoke = await lambda.InvokeAsync("no-such-function");
        var missingVersion = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{function}/configuration?Qualifier=42");
        var memoryLow = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":64}""");
        var memoryHigh = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":10241}""");
        var timeoutBad = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"Timeout":901}""");
        var first = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":1024}""");
        var second = await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":2048}""");
        var publishDuringUpdate = await lambda.SendAsync(HttpMethod.Post, $"/2015-03-31/functions/{function}/versions", "{}");

        AssertError(missing, HttpStatusCode.NotFound, "ResourceNotFoundException");
        Assert.Contains(lambda.Service.FunctionArn("no-such-function"), missing.Json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missingInvoke.Status);
        Assert.Equal("ResourceNotFoundException", missingInvoke.ErrorType);
        AssertError(missingVersion, HttpStatusCode.NotFound, "ResourceNotFoundException");
        AssertError(memoryLow, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        AssertError(memoryHigh, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        AssertError(timeoutBad, HttpStatusCode.BadRequest, "InvalidParameterValueException");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        AssertError(second, HttpStatusCode.Conflict, "ResourceConflictException");
        AssertError(publishDuringUpdate, HttpStatusCode.Conflict, "ResourceConflictException");
    }

    [Fact]
    public async Task Invoke_BeyondReservedConcurrency_TooManyRequests()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Sleep>(reservedConcurrency: 1);

        var first = lambda.InvokeAsync(function, """{"milliseconds":2500}""");
        await Task.Delay(300);
        var second = await lambda.InvokeAsync(function, """{"milliseconds":1}""");
        var firstAnswer = await first;
        var zero = await lambda.SendAsync(HttpMethod.Put, $"/2017-10-31/functions/{function}/concurrency", """{"ReservedConcurrentExecutions":0}""");
        var throttled = await lambda.InvokeAsync(function, """{"milliseconds":1}""");

        Assert.Null(firstAnswer.FunctionError);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("TooManyRequestsException", second.ErrorType);
        Assert.Equal("ReservedFunctionConcurrentInvocationLimitExceeded", second.Json.RootElement.GetProperty("Reason").GetString());
        Assert.Equal(HttpStatusCode.OK, zero.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
    }

    [Fact]
    public async Task Tags_TagAndListByArn_AndFunctionFoundByFullEncodedArn()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Echo>();
        var arn = lambda.Service.FunctionArn(function);

        var tag = await lambda.SendAsync(HttpMethod.Post, $"/2017-03-31/tags/{Uri.EscapeDataString(arn)}", """{"Tags":{"team":"perf"}}""");
        var tags = await lambda.SendAsync(HttpMethod.Get, $"/2017-03-31/tags/{Uri.EscapeDataString(arn)}");
        var byArn = await lambda.InvokeAsync(arn, """{"k":1}""");
        var getFunction = await lambda.SendAsync(HttpMethod.Get, $"/2015-03-31/functions/{Uri.EscapeDataString(arn)}");

        Assert.Equal(HttpStatusCode.NoContent, tag.Status);
        Assert.Equal("perf", tags.Json.RootElement.GetProperty("Tags").GetProperty("team").GetString());
        Assert.Equal("true", tags.Json.RootElement.GetProperty("Tags").GetProperty("tuner:allow").GetString());
        Assert.Equal("""{"k":1}""", byArn.Body);
        Assert.Equal(function, getFunction.Json.RootElement.GetProperty("Configuration").GetProperty("FunctionName").GetString());
        Assert.Equal("perf", getFunction.Json.RootElement.GetProperty("Tags").GetProperty("team").GetString());
    }

    [Fact]
    public async Task LambdaApiClient_SignedCallsAgainstLocalService_RoundTrip()
    {
        var service = await fixture.GetLocalLambdaAsync();
        using var lambda = new LambdaHttp(service);
        var function = lambda.Register<Echo>(memoryMb: 256);
        using var http = new HttpClient();
        var client = new LambdaApiClient(
            new AwsClientSettings(service.Region, new StaticCredentialsProvider(new AwsCredentials("local", "local", null)), http), service.Endpoint);

        var updated = await client.UpdateFunctionConfigurationAsync(function, new FunctionConfigurationUpdate(MemorySizeMb: 768));
        var settled = await client.WaitForUpdateAsync(function);
        var version = await client.PublishVersionAsync(function);
        var result = await client.InvokeAsync(function, version.Version, Encoding.UTF8.GetBytes("""{"via":"sigv4"}"""));
        var tags = await client.ListTagsAsync(service.FunctionArn(function));
        await client.DeleteFunctionVersionAsync(function, version.Version);
        var conflict = await Assert.ThrowsAsync<LambdaApiException>(async () =>
        {
            await client.UpdateFunctionConfigurationAsync(function, new FunctionConfigurationUpdate(MemorySizeMb: 1024));
            await client.UpdateFunctionConfigurationAsync(function, new FunctionConfigurationUpdate(MemorySizeMb: 2048));
        });

        Assert.Equal("InProgress", updated.LastUpdateStatus);
        Assert.Equal(768, settled.MemorySizeMb);
        Assert.Equal("Successful", settled.LastUpdateStatus);
        Assert.Equal(768, version.MemorySizeMb);
        Assert.Equal(version.Version, result.ExecutedVersion);
        Assert.Equal("""{"via":"sigv4"}""", Encoding.UTF8.GetString(result.Payload));
        Assert.Contains("REPORT RequestId:", result.LogTail, StringComparison.Ordinal);
        Assert.Equal(service.LimitsEnforced, result.LimitsEnforced);
        Assert.Equal("true", tags["tuner:allow"]);
        Assert.Equal("ResourceConflictException", conflict.ErrorCode);
    }

    private static void AssertError(LambdaHttp.ApiAnswer answer, HttpStatusCode status, string type)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal(type, answer.ErrorType);
        Assert.Equal("User", answer.Json.RootElement.GetProperty("Type").GetString());
        Assert.False(string.IsNullOrEmpty(answer.Json.RootElement.GetProperty("message").GetString()));
    }
}
