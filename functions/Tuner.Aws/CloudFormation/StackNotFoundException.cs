namespace Tuner.Aws.CloudFormation;

/// <summary>No CloudFormation stack has the given name in the region in use.</summary>
public sealed class StackNotFoundException : Exception
{
    public StackNotFoundException(string stackName, string region)
        : base($"CloudFormation stack '{stackName}' does not exist in region {region}: deploy it with `cdk deploy`, or pass --stack with the right name / set AWS_REGION")
    {
        StackName = stackName;
        Region = region;
    }

    public StackNotFoundException()
        : this("unknown", "unknown")
    {
    }

    public StackNotFoundException(string message)
        : base(message)
    {
        StackName = "unknown";
        Region = "unknown";
    }

    public StackNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        StackName = "unknown";
        Region = "unknown";
    }

    public string StackName { get; }

    public string Region { get; }
}
