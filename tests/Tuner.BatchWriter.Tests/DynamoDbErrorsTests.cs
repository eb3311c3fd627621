using System.Net;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

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

    private static AmazonServiceException Service(string code, HttpStatusCode status) =>
        new("failed", null, ErrorType.Sender, code, "req-1", status);
}
