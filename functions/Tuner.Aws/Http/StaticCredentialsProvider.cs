namespace Tuner.Aws.Http;

/// <summary>Always returns the same credentials (tests, and the local engines' fixed keys).</summary>
public sealed class StaticCredentialsProvider(AwsCredentials credentials) : IAwsCredentialsProvider
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(credentials);
}
