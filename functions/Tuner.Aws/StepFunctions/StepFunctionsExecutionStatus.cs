using Tuner.Aws.Http;
using Tuner.Core.Ports;

namespace Tuner.Aws.StepFunctions;

/// <summary>
/// <see cref="IExecutionStatus"/> on AWS: DescribeExecution of the execution ARN a lease recorded. An execution Step
/// Functions no longer knows (ExecutionDoesNotExist: deleted past its retention) has ended.
/// </summary>
public sealed class StepFunctionsExecutionStatus(IStepFunctionsApi stepFunctions) : IExecutionStatus
{
    public async Task<ExecutionState> GetStateAsync(string runId, string? executionArn, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(executionArn))
        {
            return ExecutionState.Unknown;
        }

        try
        {
            var execution = await stepFunctions.DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
            return execution.IsFinished ? ExecutionState.Ended : ExecutionState.Running;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ExecutionDoesNotExist")
        {
            return ExecutionState.Ended;
        }
    }
}
