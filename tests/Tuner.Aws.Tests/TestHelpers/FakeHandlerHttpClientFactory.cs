using Amazon.Runtime;

namespace Tuner.Aws.Tests.TestHelpers;

/// <summary>Makes an SDK client (e.g. <c>AmazonS3Client</c>) send its requests to a <see cref="FakeHttpHandler"/>.</summary>
public sealed class FakeHandlerHttpClientFactory(FakeHttpHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
}
