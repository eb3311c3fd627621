using Amazon.Runtime;

namespace Tuner.BatchWriter.Tests.TestHelpers;

/// <summary>Credentials whose refresh fails once <see cref="Failing"/> is set, as an expired SSO session or an unreachable IMDS does.</summary>
public sealed class FailingCredentials : AWSCredentials
{
    private volatile bool _failing;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    public override ImmutableCredentials GetCredentials() =>
        _failing
            ? throw new AmazonClientException("Error calling AssumeRole for role arn:aws:iam::123456789012:role/writer: the credentials could not be refreshed")
            : new ImmutableCredentials("test", "test", null);

    public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
}
