namespace Tuner.Aws.StepFunctions;

/// <summary>The answer of StartExecution.</summary>
public sealed record StartExecutionResult(string ExecutionArn, DateTimeOffset StartDate);
