using Amazon.Runtime;

namespace Tuner.Aws.Http;

/// <summary>
/// Credentials from an AWS SDK <see cref="AWSCredentials"/> (usually the SDK's default chain: environment, profile,
/// SSO, web identity, container and instance metadata). The SDK object caches and refreshes temporary credentials.
/// </summary>
public sealed class SdkCredentialsProvider(AWSCredentials credentials) : IAwsCredentialsProvider
{
    /// <summary>The wrapped SDK credentials, for SDK clients built from the same chain.</summary>
    public AWSCredentials SdkCredentials { get; } = credentials;

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var immutable = await SdkCredentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
    }
}
