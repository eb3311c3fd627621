using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tuner.Core.Resilience;

namespace Tuner.BatchWriter.Tests;

public sealed class DynamoDbErrorsTests
{
    [Fact]
    public void IsThrottling_ThroughputAndRateErrors_AreThrottles()
    {
        Assert.True(DynamoDbErrors.IsThrottling(new ProvisionedThroughputExceededException("busy")));
        Assert.True(DynamoDbErrors.IsThrottling(new RequestLimitExceededException("account limit")));
        Assert.True(DynamoDbErrors.IsThrottling(Service("ThrottlingException", HttpStatusCode.BadRequest)));
        Assert.False(DynamoDbErrors.IsThrottling(Service("ValidationException", HttpStatusCode.BadRequest)));
    }

    [Fact]
    public void IsTransient_ServerErrorsAndLostConnections_AreRetried()
    {
        Assert.True(DynamoDbErrors.IsTransient(Service("InternalServerError", HttpStatusCode.InternalServerError)));
        Assert.True(DynamoDbErrors.IsTransient(new HttpRequestException("reset")));
        Assert.True(DynamoDbErrors.IsTransient(new IOException("broken pipe")));
        Assert.True(DynamoDbErrors.IsTransient(new TaskCanceledException("client timeout")));
        Assert.True(DynamoDbErrors.IsTransient(new AmazonServiceException("no answer", new HttpRequestException("reset"), ErrorType.Unknown, null, null, 0)));
        Assert.False(DynamoDbErrors.IsTransient(Service("ValidationException", HttpStatusCode.BadRequest)));
        Assert.False(DynamoDbErrors.IsTransient(new InvalidOperationException("a bug")));
    }

    public static TheoryData<string> ListedCodes => [.. TransientErrors.Codes];

    /// <summary>
    /// The BatchWriter retries what the one list of transient errors says. Before, it had a list of its own: a server
    /// error code sent with a 4xx status (e.g. InternalFailure, ServiceUnavailable) was not retried.
    /// </summary>
    [Theory]
    [MemberData(nameof(ListedCodes))]
    public void IsThrottlingOrTransient_EveryCodeOfTheOneList_RetriedAndThrottlesCountedAsTheListSays(string code)
    {
        var error = Service(code, HttpStatusCode.BadRequest);

        Assert.True(DynamoDbErrors.IsThrottling(error) || DynamoDbErrors.IsTransient(error), $"{code} is on the one list of transient errors");
        Assert.Equal(TransientErrors.IsThrottling(code, 400), DynamoDbErrors.IsThrottling(error));
    }

    private static AmazonServiceException Service(string code, HttpStatusCode status) =>
        new("failed", null, ErrorType.Sender, code, "req-1", status);
}
