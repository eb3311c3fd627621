using Tuner.Core.Ports;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>An <see cref="IExecutionStatus"/> that answers what the test set per run id (Unknown otherwise), and counts the questions.</summary>
public sealed class FakeExecutionStatus : IExecutionStatus
{
    public Dictionary<string, ExecutionState> States { get; } = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public Task<ExecutionState> GetStateAsync(string runId, string? executionArn, CancellationToken cancellationToken = default)
    {
        Asked.Add(runId);
        return Task.FromResult(States.TryGetValue(runId, out var state) ? state : ExecutionState.Unknown);
    }
}
