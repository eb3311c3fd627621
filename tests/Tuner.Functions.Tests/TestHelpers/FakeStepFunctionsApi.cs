using Tuner.Aws.Http;
using Tuner.Aws.StepFunctions;
using Tuner.Contracts;

namespace Tuner.Functions.Tests.TestHelpers;

/// <summary>Executions by name with a status; the ones <see cref="Listed"/> come back from ListExecutions, the others only from DescribeExecution.</summary>
public sealed class FakeStepFunctionsApi : IStepFunctionsApi
{
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:tuner";

    public Dictionary<string, ExecutionStatus> Listed { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ExecutionStatus> Unlisted { get; } = new(StringComparer.Ordinal);

    public List<string> Described { get; } = [];

    public Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string input, string? name = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the janitor starts no execution");

    public Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        Described.Add(executionArn);
        var name = executionArn[(executionArn.LastIndexOf(':') + 1)..];
        var status = Listed.TryGetValue(name, out var listed) ? listed
            : Unlisted.TryGetValue(name, out var unlisted) ? unlisted
            : throw new AwsServiceException("states", "ExecutionDoesNotExist", 400, $"Execution Does Not Exist: '{executionArn}'");
        return Task.FromResult(new ExecutionDescription(executionArn, StateMachineArn, name, status, DateTimeOffset.UnixEpoch, null, null, null, null, null));
    }

    public IAsyncEnumerable<ExecutionHistoryEvent> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the janitor reads no history");

    public Task<IReadOnlyList<ExecutionListItem>> ListExecutionsAsync(string stateMachineArn, string? statusFilter = null, int maxResults = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExecutionListItem>>([.. Listed.Select(e => new ExecutionListItem($"{stateMachineArn}:{e.Key}", e.Key, e.Value, DateTimeOffset.UnixEpoch, null))]);
}
