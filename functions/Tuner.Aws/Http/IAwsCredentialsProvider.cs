namespace Tuner.Aws.Http;

/// <summary>Supplies current credentials for each signed request (refreshing temporary credentials when needed).</summary>
public interface IAwsCredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}
