using System.Net;
using System.Text;
using System.Text.Json;
using Tuner.Aws.Lambda;
using Tuner.Aws.Tests.TestHelpers;
using Tuner.Core.Ports;
using Tuner.Tests.TestSupport;

namespace Tuner.Aws.Tests.Lambda;

public sealed class LambdaApiClientTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-ingest";

    private static readonly string ConfigurationJson = """
        {"FunctionName":"orders-ingest","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:orders-ingest:7",
         "Version":"7","MemorySize":512,"Timeout":30,"Runtime":"dotnet10","Architectures":["arm64"],
         "Environment":{"Variables":{"TUNER_DDB_BATCH_SIZE":"25","TUNER_TABLE_NAME":"orders"}},
         "State":"Active","LastUpdateStatus":"Successful","Description":"tuner cell"}
        """;

    private readonly FakeHttpHandler _handler = new();
    private readonly AutoAdvancingTimeProvider _time = new();

    private LambdaApiClient Client(Uri? endpoint = null) => new(TestSettings.Create(_handler, _time), endpoint);

    [Fact]
    public async Task GetFunctionConfigurationAsync_WithQualifier_SendsSignedGetAndParsesConfiguration()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);

        var configuration = await Client().GetFunctionConfigurationAsync("orders-ingest", "7");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/orders-ingest/configuration?Qualifier=7", request.Uri.AbsoluteUri);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/20260115/us-east-1/lambda/aws4_request, SignedHeaders=", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("20260115T100000Z", request.Header("X-Amz-Date"));
        Assert.Equal(512, configuration.MemorySizeMb);
        Assert.Equal(30, configuration.TimeoutSeconds);
        Assert.Equal("7", configuration.Version);
        Assert.Equal("arm64", configuration.Architecture);
        Assert.Equal("dotnet10", configuration.Runtime);
        Assert.Equal("25", configuration.Environment["TUNER_DDB_BATCH_SIZE"]);
        Assert.Equal("Successful", configuration.LastUpdateStatus);
        Assert.Equal("tuner cell", configuration.Description);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_ArnName_IsPercentEncodedInPath()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().GetFunctionConfigurationAsync(Arn, "$LATEST");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-ingest/configuration", request.Uri.AbsolutePath);
        Assert.Equal("?Qualifier=%24LATEST", request.Uri.Query);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_EndpointOverride_SendsToOverride()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client(new Uri("http://127.0.0.1:39123")).GetFunctionConfigurationAsync("orders-ingest");

        Assert.Equal("http://127.0.0.1:39123/2015-03-31/functions/orders-ingest/configuration", Assert.Single(_handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task UpdateFunctionConfigurationAsync_SetFields_SendsPutWithOnlyThoseFields()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);
        var update = new FunctionConfigurationUpdate(MemorySizeMb: 1024, Environment: new Dictionary<string, string> { ["TUNER_DDB_BATCH_SIZE"] = "10" });

        await Client().UpdateFunctionConfigurationAsync("orders-ingest", update);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/2015-03-31/functions/orders-ingest/configuration", request.Uri.AbsolutePath);
        Assert.Equal("application/json", request.Header("Content-Type"));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(1024, body.RootElement.GetProperty("MemorySize").GetInt32());
        Assert.Equal("10", body.RootElement.GetProperty("Environment").GetProperty("Variables").GetProperty("TUNER_DDB_BATCH_SIZE").GetString());
        Assert.False(body.RootElement.TryGetProperty("Timeout", out _));
    }

    [Fact]
    public async Task PublishVersionAsync_Description_PostsToVersions()
    {
        _handler.Respond(HttpStatusCode.Created, ConfigurationJson);

        var version = await Client().PublishVersionAsync("orders-ingest", "tuner run r1 cell c1");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/2015-03-31/functions/orders-ingest/versions", request.Uri.AbsolutePath);
        Assert.Contains("\"Description\":\"tuner run r1 cell c1\"", request.BodyText, StringComparison.Ordinal);
        Assert.Equal("7", version.Version);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_RevisionCodeAndState_Parsed()
    {
        _handler.Respond(HttpStatusCode.OK, """
            {"FunctionName":"orders-ingest","Version":"3","MemorySize":512,"Timeout":30,"RevisionId":"4f0c-rev",
             "CodeSha256":"YmFzZTY0","LastModified":"2026-12-01T10:00:00.000+0000","State":"Pending","StateReasonCode":"Creating"}
            """);

        var configuration = await Client().GetFunctionConfigurationAsync("orders-ingest", "3");

        Assert.Equal("4f0c-rev", configuration.RevisionId);
        Assert.Equal("YmFzZTY0", configuration.CodeSha256);
        Assert.Equal("2026-12-01T10:00:00.000+0000", configuration.LastModified);
        Assert.Equal("Pending", configuration.State);
        Assert.Equal("Creating", configuration.StateReasonCode);
        Assert.Null(configuration.EnvironmentError);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_EnvironmentError_ReportedNotReadAsEmptyVariables()
    {
        _handler.Respond(HttpStatusCode.OK, """
            {"FunctionName":"orders-ingest","Version":"$LATEST","MemorySize":512,"Timeout":30,
             "Environment":{"Error":{"ErrorCode":"KMSAccessDeniedException","Message":"Lambda was unable to decrypt the environment variables"}}}
            """);

        var configuration = await Client().GetFunctionConfigurationAsync("orders-ingest");

        Assert.Equal("KMSAccessDeniedException: Lambda was unable to decrypt the environment variables", configuration.EnvironmentError);
        Assert.Empty(configuration.Environment);
    }

    [Fact]
    public async Task UpdateFunctionConfigurationAsync_RevisionId_SentAsPrecondition()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(MemorySizeMb: 1024, RevisionId: "4f0c-rev"));

        using var body = JsonDocument.Parse(Assert.Single(_handler.Requests).Body);
        Assert.Equal("4f0c-rev", body.RootElement.GetProperty("RevisionId").GetString());
    }

    [Fact]
    public async Task PublishVersionAsync_RevisionAndCode_SentAsPreconditions()
    {
        _handler.Respond(HttpStatusCode.Created, ConfigurationJson);

        await Client().PublishVersionAsync("orders-ingest", "tuner:r1 v1", revisionId: "4f0c-rev", codeSha256: "YmFzZTY0");

        using var body = JsonDocument.Parse(Assert.Single(_handler.Requests).Body);
        Assert.Equal("4f0c-rev", body.RootElement.GetProperty("RevisionId").GetString());
        Assert.Equal("YmFzZTY0", body.RootElement.GetProperty("CodeSha256").GetString());
    }

    [Fact]
    public async Task PublishVersionAsync_RevisionChanged_PreconditionFailedIsChangedSince()
    {
        _handler.Respond(HttpStatusCode.PreconditionFailed, """{"Type":"User","message":"The Revision Id provided does not match the latest Revision Id."}""", ("x-amzn-ErrorType", "PreconditionFailedException"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().PublishVersionAsync("orders-ingest", "tuner:r1 v1", revisionId: "old"));

        Assert.Equal("PreconditionFailedException", error.ErrorCode);
        Assert.True(error.IsChangedSince);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task PublishVersionAsync_CodeChanged_InvalidParameterNamingCodeSha256IsChangedSince()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"Type":"User","message":"CodeSHA256 (a) is different from current CodeSHA256 in $LATEST (b). Please try again with the CodeSHA256 in $LATEST."}""", ("x-amzn-ErrorType", "InvalidParameterValueException"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().PublishVersionAsync("orders-ingest", "tuner:r1 v1", codeSha256: "a"));

        Assert.True(error.IsChangedSince);
    }

    [Fact]
    public async Task ListVersionsByFunctionAsync_TwoPages_FollowsNextMarker()
    {
        _handler
            .Respond(HttpStatusCode.OK, """{"Versions":[{"Version":"$LATEST","MemorySize":128},{"Version":"1","MemorySize":256}],"NextMarker":"m/2"}""")
            .Respond(HttpStatusCode.OK, """{"Versions":[{"Version":"2","MemorySize":512}]}""");

        var versions = await Client().ListVersionsByFunctionAsync("orders-ingest");

        Assert.Equal(["$LATEST", "1", "2"], versions.Select(v => v.Version));
        Assert.Equal(2, _handler.Requests.Count);
        Assert.DoesNotContain("Marker=", _handler.Requests[0].Uri.Query, StringComparison.Ordinal);
        Assert.Contains("Marker=m%2F2", _handler.Requests[1].Uri.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$LATEST")]
    [InlineData("")]
    [InlineData("  ")]
    public async Task DeleteFunctionVersionAsync_LatestOrEmpty_RefusesWithoutCallingLambda(string version)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client().DeleteFunctionVersionAsync("orders-ingest", version));

        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task DeleteFunctionVersionAsync_PublishedVersion_DeletesQualifiedFunction()
    {
        _handler.Respond(HttpStatusCode.NoContent);

        await Client().DeleteFunctionVersionAsync("orders-ingest", "12");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/orders-ingest?Qualifier=12", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task CreateAliasAsync_AndDeleteAliasAsync_UseAliasPaths()
    {
        _handler.Respond(HttpStatusCode.Created, "{}").Respond(HttpStatusCode.NoContent);
        var client = Client();

        await client.CreateAliasAsync("orders-ingest", "tuner-r1", "12");
        await client.DeleteAliasAsync("orders-ingest", "tuner-r1");

        Assert.Equal("/2015-03-31/functions/orders-ingest/aliases", _handler.Requests[0].Uri.AbsolutePath);
        Assert.Contains("\"Name\":\"tuner-r1\"", _handler.Requests[0].BodyText, StringComparison.Ordinal);
        Assert.Contains("\"FunctionVersion\":\"12\"", _handler.Requests[0].BodyText, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Delete, _handler.Requests[1].Method);
        Assert.Equal("/2015-03-31/functions/orders-ingest/aliases/tuner-r1", _handler.Requests[1].Uri.AbsolutePath);
    }

    [Fact]
    public async Task UpdateAliasAsync_PutsTheNewVersionOnTheAliasPath()
    {
        _handler.Respond(HttpStatusCode.OK, "{}");

        await Client().UpdateAliasAsync("orders-ingest", "live", "13");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/2015-03-31/functions/orders-ingest/aliases/live", request.Uri.AbsolutePath);
        Assert.Contains("\"FunctionVersion\":\"13\"", request.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTagsAsync_Arn_UsesTagsApiVersionAndParsesTags()
    {
        _handler.Respond(HttpStatusCode.OK, """{"Tags":{"tuner:allow":"true","team":"orders"}}""");

        var tags = await Client().ListTagsAsync(Arn);

        Assert.Equal("/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aorders-ingest", Assert.Single(_handler.Requests).Uri.AbsolutePath);
        Assert.Equal("true", tags["tuner:allow"]);
        Assert.Equal("orders", tags["team"]);
    }

    [Fact]
    public async Task InvokeAsync_TailLog_SendsHeadersAndDecodesResult()
    {
        var log = "START RequestId: 1\nREPORT RequestId: 1\tDuration: 395.99 ms\tBilled Duration: 396 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\n";
        _handler.Respond(
            HttpStatusCode.OK,
            """{"tunerMetrics":{"items":100}}""",
            ("X-Amz-Log-Result", Convert.ToBase64String(Encoding.UTF8.GetBytes(log))),
            ("X-Amz-Executed-Version", "12"));

        var result = await Client().InvokeAsync("orders-ingest", "12", Encoding.UTF8.GetBytes("""{"events":10}"""));

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/orders-ingest/invocations?Qualifier=12", request.Uri.AbsoluteUri);
        Assert.Equal("Tail", request.Header("X-Amz-Log-Type"));
        Assert.Equal("RequestResponse", request.Header("X-Amz-Invocation-Type"));
        Assert.Equal("""{"events":10}""", request.BodyText);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(log, result.LogTail);
        Assert.Equal("12", result.ExecutedVersion);
        Assert.Null(result.FunctionError);
        Assert.True(result.LimitsEnforced);
        Assert.Equal("""{"tunerMetrics":{"items":100}}""", Encoding.UTF8.GetString(result.Payload));
    }

    [Fact]
    public async Task InvokeAsync_FunctionErrorAndLimitsOff_AreReported()
    {
        _handler.Respond(
            HttpStatusCode.OK,
            """{"errorType":"Runtime.OutOfMemory","errorMessage":"out of memory"}""",
            ("X-Amz-Function-Error", "Unhandled"),
            ("X-Tuner-Limits", "off"));

        var result = await Client().InvokeAsync("orders-ingest", null, "{}"u8.ToArray());

        Assert.Equal("Unhandled", result.FunctionError);
        Assert.False(result.LimitsEnforced);
        Assert.Null(result.LogTail);
        Assert.Equal("", Assert.Single(_handler.Requests).Uri.Query);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_NotFound_ThrowsLambdaApiExceptionWithCode()
    {
        _handler.Respond(
            HttpStatusCode.NotFound,
            """{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:1:function:nope"}""",
            ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirawebservice/"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().GetFunctionConfigurationAsync("nope"));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(404, error.StatusCode);
        Assert.Contains("Function not found", error.Message, StringComparison.Ordinal);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task UpdateFunctionConfigurationAsync_Conflict_ThrowsWithoutRetrying()
    {
        _handler.Respond(
            HttpStatusCode.Conflict,
            """{"__type":"ResourceConflictException","message":"The operation cannot be performed at this time. An update is in progress"}""");

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(MemorySizeMb: 256)));

        Assert.Equal("ResourceConflictException", error.ErrorCode);
        Assert.Equal(409, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ControlPlaneCalls_WithAPace_EachWaitsItsTurnAndInvokeNever()
    {
        var pace = new Tuner.Core.Resilience.ControlPlanePace(8, _time);
        var client = new LambdaApiClient(TestSettings.Create(_handler, _time) with { ControlPlane = pace });
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson).Respond(HttpStatusCode.OK, ConfigurationJson)
            .Respond(HttpStatusCode.OK, """{"Tags":{}}""").Respond(HttpStatusCode.OK, "{}");
        var started = _time.GetUtcNow();

        await client.GetFunctionConfigurationAsync("orders-ingest");
        await client.UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(MemorySizeMb: 256));
        await client.ListTagsAsync(Arn);
        await client.InvokeAsync("orders-ingest", "7", "{}"u8.ToArray());

        Assert.Equal(4, _handler.Requests.Count);
        // The first control-plane call at once, each next one 125 ms after the previous; the invocation without a wait.
        Assert.Equal([TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(125)], _time.Delays);
        Assert.Equal(TimeSpan.FromMilliseconds(250), _time.GetUtcNow() - started);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_ThrottledThenOk_RetriesWithBackoff()
    {
        _handler
            .Respond(HttpStatusCode.TooManyRequests, """{"message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}""", ("x-amzn-ErrorType", "TooManyRequestsException"))
            .Respond(HttpStatusCode.TooManyRequests, """{"message":"Rate exceeded"}""", ("x-amzn-ErrorType", "TooManyRequestsException"))
            .Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().GetFunctionConfigurationAsync("orders-ingest");

        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal(2, _time.Delays.Count);
        Assert.All(_time.Delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.All(_handler.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 ", r.Header("Authorization"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateFunctionConfigurationAsync_ThrottledWithRetryAfter_WaitsAtLeastThatLong()
    {
        _handler
            .Respond(HttpStatusCode.TooManyRequests, """{"message":"Rate exceeded"}""", ("x-amzn-ErrorType", "TooManyRequestsException"), ("Retry-After", "1"))
            .Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().UpdateFunctionConfigurationAsync("orders-ingest", new FunctionConfigurationUpdate(MemorySizeMb: 256));

        Assert.Equal([TimeSpan.FromSeconds(1)], _time.Delays);
    }

    [Fact]
    public async Task PublishVersionAsync_AlwaysThrottled_ThrowsTransientAfterMaxAttempts()
    {
        _handler.Fallback = _ => FakeHttpHandler.Response(HttpStatusCode.TooManyRequests, """{"message":"Rate exceeded"}""", ("x-amzn-ErrorType", "TooManyRequestsException"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().PublishVersionAsync("orders-ingest", "tuner test"));

        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.True(error.IsThrottling);
        Assert.Equal(4, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_ServerErrorThenOk_Retries()
    {
        _handler.Respond(HttpStatusCode.InternalServerError, """{"message":"boom"}""", ("x-amzn-ErrorType", "ServiceException")).Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().GetFunctionConfigurationAsync("orders-ingest");

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_ConnectionRefusedThenOk_Retries()
    {
        _handler.Throw(new HttpRequestException("Connection refused")).Respond(HttpStatusCode.OK, ConfigurationJson);

        await Client().GetFunctionConfigurationAsync("orders-ingest");

        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task InvokeAsync_Throttled_SentOnceAndTheThrottleAndItsRetryAfterReachTheCaller()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, """{"message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}""",
            ("x-amzn-ErrorType", "TooManyRequestsException"), ("Retry-After", "2"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().InvokeAsync("orders-ingest", "1", "{}"u8.ToArray()));

        Assert.True(error.IsThrottling);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Single(_handler.Requests);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task InvokeAsync_ServerError_IsNeverRepeated()
    {
        _handler.Respond(HttpStatusCode.InternalServerError, """{"message":"boom"}""", ("x-amzn-ErrorType", "ServiceException")).Respond(HttpStatusCode.OK, "{}");

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().InvokeAsync("orders-ingest", null, "{}"u8.ToArray()));

        Assert.Equal("ServiceException", error.ErrorCode);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task InvokeAsync_ConnectionRefused_IsNeverRepeated()
    {
        _handler.Throw(new HttpRequestException("Connection refused")).Respond(HttpStatusCode.OK, "{}");

        await Assert.ThrowsAsync<HttpRequestException>(() => Client().InvokeAsync("orders-ingest", null, "{}"u8.ToArray()));

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ListTagsAsync_AccessDenied_ThrowsClearMessage()
    {
        _handler.Respond(
            HttpStatusCode.Forbidden,
            """{"Message":"User: arn:aws:sts::1:assumed-role/dev/me is not authorized to perform: lambda:ListTags"}""",
            ("x-amzn-ErrorType", "AccessDeniedException"));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().ListTagsAsync(Arn));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("not authorized to perform: lambda:ListTags", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task GetFunctionConfigurationAsync_SessionCredentials_SendsSecurityToken()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson);
        var client = new LambdaApiClient(TestSettings.Create(_handler, _time, TestSettings.Credentials with { SessionToken = "session-token-1" }));

        await client.GetFunctionConfigurationAsync("orders-ingest");

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("session-token-1", request.Header("X-Amz-Security-Token"));
        Assert.Contains("x-amz-security-token", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForUpdateAsync_InProgressThenSuccessful_PollsUntilDone()
    {
        _handler
            .Respond(HttpStatusCode.OK, ConfigurationJson.Replace("\"Successful\"", "\"InProgress\"", StringComparison.Ordinal))
            .Respond(HttpStatusCode.OK, ConfigurationJson.Replace("\"Successful\"", "\"InProgress\"", StringComparison.Ordinal))
            .Respond(HttpStatusCode.OK, ConfigurationJson);

        var configuration = await Client().WaitForUpdateAsync("orders-ingest");

        Assert.Equal("Successful", configuration.LastUpdateStatus);
        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], _time.Delays);
    }

    [Fact]
    public async Task WaitForUpdateAsync_Failed_ThrowsFunctionUpdateFailed()
    {
        _handler.Respond(HttpStatusCode.OK, ConfigurationJson.Replace("\"Successful\"", "\"Failed\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().WaitForUpdateAsync("orders-ingest"));

        Assert.Equal("FunctionUpdateFailed", error.ErrorCode);
    }

    [Fact]
    public async Task WaitForUpdateAsync_NeverFinishes_TimesOut()
    {
        _handler.Fallback = _ => FakeHttpHandler.Response(HttpStatusCode.OK, ConfigurationJson.Replace("\"Successful\"", "\"InProgress\"", StringComparison.Ordinal));
        var options = new LambdaWaitOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client().WaitForUpdateAsync("orders-ingest", _time, options));

        Assert.Equal("FunctionUpdateTimeout", error.ErrorCode);
        Assert.Equal(6, _handler.Requests.Count);
    }
}
