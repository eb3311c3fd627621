namespace Tuner.Contracts.Tests;

public sealed class ExecutionStatusTests
{
    [Fact]
    public void EndingsNeedingCleanup_AreEveryEndingButSuccess() =>
        Assert.Equal([ExecutionStatus.Aborted, ExecutionStatus.TimedOut, ExecutionStatus.Failed], ExecutionStatus.EndingsNeedingCleanup);

    [Theory]
    [InlineData(ExecutionStatus.Running, "RUNNING")]
    [InlineData(ExecutionStatus.Succeeded, "SUCCEEDED")]
    [InlineData(ExecutionStatus.Failed, "FAILED")]
    [InlineData(ExecutionStatus.TimedOut, "TIMED_OUT")]
    [InlineData(ExecutionStatus.Aborted, "ABORTED")]
    [InlineData(ExecutionStatus.PendingRedrive, "PENDING_REDRIVE")]
    public void Statuses_AreStepFunctionsSpelling(string status, string expected) => Assert.Equal(expected, status);
}
