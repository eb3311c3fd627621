using Tuner.Core.Ports;

namespace Tuner.Functions.Leases;

/// <summary>Knows of no execution: every lease's holder counts as running, so no lease is ever taken over.</summary>
internal sealed class UnknownExecutionStatus : IExecutionStatus
{
    public static UnknownExecutionStatus Instance { get; } = new();

    public Task<ExecutionState> GetStateAsync(string runId, string? executionArn, CancellationToken cancellationToken = default) =>
        Task.FromResult(ExecutionState.Unknown);
}
