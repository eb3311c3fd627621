using Tuner.Aws.Http;
using Tuner.Core.Resilience;
using Tuner.Tests.TestSupport;

namespace Tuner.Aws.Tests.TestHelpers;

/// <summary>Client settings over a fake handler and a clock that never waits.</summary>
public static class TestSettings
{
    public static readonly AwsCredentials Credentials = new("AKIDTEST", "secret-test-key");

    public static AwsClientSettings Create(FakeHttpHandler handler, AutoAdvancingTimeProvider? time = null, AwsCredentials? credentials = null) =>
        new("us-east-1", new StaticCredentialsProvider(credentials ?? Credentials), new HttpClient(handler))
        {
            TimeProvider = time ?? new AutoAdvancingTimeProvider(),
            Retry = new RetryOptions(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)),
            RandomSeed = 42,
        };
}
