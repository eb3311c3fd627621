using Amazon.Runtime;

namespace Tuner.Cli.Tests.TestHelpers;

/// <summary>Makes an AWS SDK client (S3, KMS) send its requests to a fake handler.</summary>
public sealed class FakeHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
}
