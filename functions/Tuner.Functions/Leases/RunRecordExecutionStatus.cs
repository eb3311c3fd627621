using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Functions.Runs;

namespace Tuner.Functions.Leases;

/// <summary>
/// The local stack's execution status, read from the run bucket: the local Step Functions engine has no
/// DescribeExecution, but every ending of a local execution runs the Cleaner (the workflow's own, or the local stack's
/// after an abort), which writes <see cref="BucketKeys.Ended"/> first. No such record: the execution may still run.
/// </summary>
internal sealed class RunRecordExecutionStatus(IObjectStore store) : IExecutionStatus
{
    public async Task<ExecutionState> GetStateAsync(string runId, string? executionArn, CancellationToken cancellationToken = default) =>
        await new RunStore(store).HasEndedAsync(runId, cancellationToken) ? ExecutionState.Ended : ExecutionState.Unknown;
}
