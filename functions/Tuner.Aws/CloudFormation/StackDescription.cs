namespace Tuner.Aws.CloudFormation;

/// <summary>A stack as DescribeStacks reports it: name, status (e.g. <c>CREATE_COMPLETE</c>) and outputs by key.</summary>
public sealed record StackDescription(string StackName, string StackId, string Status, IReadOnlyDictionary<string, string> Outputs);
