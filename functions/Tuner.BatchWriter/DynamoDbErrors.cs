using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tuner.Core.Resilience;

namespace Tuner.BatchWriter;

/// <summary>Which failures of a BatchWriteItem call the writer retries, and which of those are throttles.</summary>
internal static class DynamoDbErrors
{
    /// <summary>DynamoDB refused the call for throughput or rate: retry after a backoff, counted as a throttle.</summary>
    public static bool IsThrottling(AmazonServiceException e) =>
        TransientErrors.IsThrottling(e.ErrorCode, (int)e.StatusCode)
        || e is ProvisionedThroughputExceededException or RequestLimitExceededException or ThrottlingException;

    /// <summary>A server error, a lost connection or the client's own timeout: retry the call.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException service => TransientErrors.IsServerError(service.ErrorCode, (int)service.StatusCode)
            || service.StatusCode == 0 && service.InnerException is HttpRequestException or IOException,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true, // the client's own timeout: the token the writer passes is never cancelled
        _ => false,
    };
}
