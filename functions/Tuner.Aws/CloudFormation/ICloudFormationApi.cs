namespace Tuner.Aws.CloudFormation;

/// <summary>Reads a deployed Tuner stack (its outputs name the state machine, bucket and key) for <c>tuner start --stack</c>.</summary>
public interface ICloudFormationApi
{
    /// <summary>The stack, or <see cref="StackNotFoundException"/> when no stack has that name in the region.</summary>
    Task<StackDescription> DescribeStackAsync(string stackName, CancellationToken cancellationToken = default);
}
