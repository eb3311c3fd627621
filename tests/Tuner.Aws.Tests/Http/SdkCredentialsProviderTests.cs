using Amazon.Runtime;
using Tuner.Aws.Configuration;
using Tuner.Aws.Http;
using Tuner.Aws.Lambda;
using Tuner.Aws.Tests.TestHelpers;

namespace Tuner.Aws.Tests.Http;

public sealed class SdkCredentialsProviderTests
{
    [Fact]
    public async Task GetCredentialsAsync_SessionCredentials_MapsAllThreeParts()
    {
        var provider = new SdkCredentialsProvider(new SessionAWSCredentials("AKID", "secret", "token"));

        var credentials = await provider.GetCredentialsAsync();

        Assert.Equal(new AwsCredentials("AKID", "secret", "token"), credentials);
        Assert.DoesNotContain("secret", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentialsAsync_ChainFindsNothing_ThrowsClearConfigurationError()
    {
        var provider = new SdkCredentialsProvider(new FailingCredentials());

        var error = await Assert.ThrowsAsync<AwsConfigurationException>(async () => await provider.GetCredentialsAsync());

        Assert.Contains("AWS_PROFILE", error.Message, StringComparison.Ordinal);
        Assert.Contains("aws sso login", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NoCredentials_FailsBeforeSending()
    {
        var handler = new FakeHttpHandler();
        var settings = new AwsClientSettings("us-east-1", new SdkCredentialsProvider(new FailingCredentials()), new HttpClient(handler));

        await Assert.ThrowsAsync<AwsConfigurationException>(() => new LambdaApiClient(settings).InvokeAsync("f", null, "{}"u8.ToArray()));

        Assert.Empty(handler.Requests);
    }

    private sealed class FailingCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => throw new AmazonClientException("Failed to resolve AWS credentials.");

        public override Task<ImmutableCredentials> GetCredentialsAsync() => throw new AmazonClientException("Failed to resolve AWS credentials.");
    }
}
