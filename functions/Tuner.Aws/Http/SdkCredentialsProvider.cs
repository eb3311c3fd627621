using Amazon.Runtime;
using Tuner.Aws.Configuration;

namespace Tuner.Aws.Http;

/// <summary>
/// Credentials from an AWS SDK <see cref="AWSCredentials"/> (usually the SDK's default chain: environment, profile,
/// SSO, web identity, container and instance metadata). The SDK object caches and refreshes temporary credentials.
/// A chain that finds nothing (or an expired SSO session) fails with <see cref="AwsConfigurationException"/> saying what to set.
/// </summary>
public sealed class SdkCredentialsProvider(AWSCredentials credentials) : IAwsCredentialsProvider
{
    /// <summary>The wrapped SDK credentials, for SDK clients built from the same chain.</summary>
    public AWSCredentials SdkCredentials { get; } = credentials;

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        ImmutableCredentials immutable;
        try
        {
            immutable = await SdkCredentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw NoCredentials(e);
        }

        if (immutable is null || string.IsNullOrEmpty(immutable.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
        {
            throw NoCredentials(null);
        }

        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token);
    }

    /// <summary>The error for a credential chain that found nothing usable.</summary>
    internal static AwsConfigurationException NoCredentials(Exception? inner)
    {
        var message = "No usable AWS credentials: set AWS_PROFILE (run `aws sso login --profile NAME` for SSO profiles), or "
            + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a container/instance role is available.";
        return inner is null ? new AwsConfigurationException(message) : new AwsConfigurationException(message + " (" + inner.Message + ")", inner);
    }
}
