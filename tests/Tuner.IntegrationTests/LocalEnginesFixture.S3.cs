using Amazon.Runtime;
using Amazon.S3;
using Tuner.Aws.Configuration;
using Tuner.IntegrationTests.S3;
using Tuner.LocalCloud;
using Tuner.Tests.TestSupport;

namespace Tuner.IntegrationTests;

/// <summary>The local S3 (s3rver) getter of the shared fixture, and fault injection into any local S3.</summary>
public sealed partial class LocalEnginesFixture
{
    private S3Engine? _s3;

    /// <summary>s3rver on 127.0.0.1, started on first use and stopped with the fixture.</summary>
    public Task<S3Engine> GetS3Async() => StartOnceAsync(() => _s3, StartS3EngineAsync, engine => _s3 = engine);

    /// <summary>
    /// A new, empty bucket in this fixture's S3 and a client built by the same factory the functions use (path-style,
    /// no aws-chunked uploads); the caller disposes the client.
    /// </summary>
    public async Task<(IAmazonS3 Client, string Bucket)> NewS3BucketAsync()
    {
        var s3 = await GetS3Async();
        var environment = new AwsEnvironment("us-east-1", null, new Dictionary<string, Uri> { [AwsEnvironment.S3] = s3.ServiceUrl }, null);
        using var factory = new AwsClientFactory(environment, new BasicAWSCredentials(S3Engine.AccessKey, S3Engine.SecretKey));
        var client = factory.CreateS3Client();
        var bucket = "tuner-test-" + Guid.NewGuid().ToString("N")[..12];
        await client.PutBucketAsync(bucket);
        return (client, bucket);
    }

    /// <summary>
    /// Injects fault rules into the local S3 at <paramref name="endpoint"/> (this fixture's, or the workflow stack's
    /// <c>Cloud.S3.ServiceUrl</c>) over its <c>/_tuner/faults</c> endpoint; disposing the result clears them.
    /// </summary>
    public static Task<InjectedFaults> InjectS3FaultsAsync(Uri endpoint, params S3FaultRule[] rules) => InjectedFaults.InjectAsync(endpoint, S3FaultRulesJson.ToJson(rules), "S3");

    private static async Task<S3Engine> StartS3EngineAsync()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(
            NodeRuntime.FindEngineDirectory(Path.Combine(RepoFiles.Root, "local", "engine")), TextWriter.Null);
        return await S3Engine.StartAsync(runtime);
    }
}
