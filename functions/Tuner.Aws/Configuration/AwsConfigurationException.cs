namespace Tuner.Aws.Configuration;

/// <summary>The AWS configuration is incomplete (no region, no credentials, unknown profile): the message says what to set.</summary>
public sealed class AwsConfigurationException : Exception
{
    public AwsConfigurationException()
        : base("the AWS configuration is incomplete")
    {
    }

    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
