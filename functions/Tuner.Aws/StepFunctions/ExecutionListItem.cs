using Tuner.Contracts;

namespace Tuner.Aws.StepFunctions;

/// <summary>One entry of ListExecutions.</summary>
public sealed record ExecutionListItem(string ExecutionArn, string Name, ExecutionStatus Status, DateTimeOffset StartDate, DateTimeOffset? StopDate);
