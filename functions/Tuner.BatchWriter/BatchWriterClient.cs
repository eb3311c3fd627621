using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Tuner.BatchWriter;

/// <summary>
/// Builds the DynamoDB client a <see cref="BatchWriter"/> should get: the standard SDK configuration (region,
/// credentials, <c>AWS_ENDPOINT_URL_DYNAMODB</c>) with the SDK's own retries turned off
/// (<c>MaxErrorRetry = 0</c>). The writer retries throttled and unprocessed items itself, with backoff and a
/// deadline, and counts every call, retry and throttle; SDK-level retries would hide throttles from those
/// metrics and stack a second backoff under the writer's. Injecting a client with SDK retries on still works
/// (nothing is lost), but then <c>calls</c> and <c>throttles</c> undercount.
/// </summary>
public static class BatchWriterClient
{
    /// <summary>The client configuration: SDK retries off, optional explicit endpoint (otherwise the SDK's own resolution).</summary>
    public static AmazonDynamoDBConfig CreateConfig(string? serviceUrl = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = 0,
            RetryMode = RequestRetryMode.Standard,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrEmpty(serviceUrl))
        {
            config.ServiceURL = serviceUrl;
        }

        return config;
    }

    /// <summary>A client from the standard credential chain.</summary>
    public static IAmazonDynamoDB Create(string? serviceUrl = null) => new AmazonDynamoDBClient(CreateConfig(serviceUrl));

    /// <summary>A client with explicit credentials (local engines take any key pair).</summary>
    public static IAmazonDynamoDB Create(AWSCredentials credentials, string? serviceUrl = null) =>
        new AmazonDynamoDBClient(credentials, CreateConfig(serviceUrl));
}
