using System.Text.Json;

namespace Tuner.Contracts.Tests;

public sealed class ExecutionStatusTests
{
    [Fact]
    public void EndingsNeedingCleanup_AreEveryEndingButSuccess() =>
        Assert.Equal([ExecutionStatus.Aborted, ExecutionStatus.TimedOut, ExecutionStatus.Failed], ExecutionStatuses.EndingsNeedingCleanup);

    [Fact]
    public void EndingsNeedingCleanup_AreEndings() =>
        Assert.Subset(ExecutionStatuses.Endings.ToHashSet(), ExecutionStatuses.EndingsNeedingCleanup.ToHashSet());

    [Fact]
    public void Endings_AreTheRunDocumentsStatusesInTheOutputSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tuner-output.schema.json")));
        var listed = schema.RootElement.GetProperty("$defs").GetProperty("run").GetProperty("properties").GetProperty("status").GetProperty("enum")
            .EnumerateArray().Select(s => s.GetString()!).ToList();

        // REFUSED is the CLI's own status (RunJson.Refused: the request was refused, no execution started).
        Assert.Equal(
            ExecutionStatuses.Endings.Select(ExecutionStatuses.ToApiName).Append("REFUSED").Order(StringComparer.Ordinal),
            listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ExecutionStatus.Running, "RUNNING")]
    [InlineData(ExecutionStatus.Succeeded, "SUCCEEDED")]
    [InlineData(ExecutionStatus.Failed, "FAILED")]
    [InlineData(ExecutionStatus.TimedOut, "TIMED_OUT")]
    [InlineData(ExecutionStatus.Aborted, "ABORTED")]
    [InlineData(ExecutionStatus.PendingRedrive, "PENDING_REDRIVE")]
    public void Statuses_AreStepFunctionsSpelling(ExecutionStatus status, string expected) => Assert.Equal(expected, status.ToApiName());

    [Fact]
    public void Parse_EveryApiName_IsItsStatus()
    {
        foreach (var status in Enum.GetValues<ExecutionStatus>())
        {
            Assert.Equal(status, ExecutionStatuses.Parse(status.ToApiName()));
        }
    }

    [Theory]
    [InlineData("UNKNOWN", "'UNKNOWN' is not an execution status")]
    [InlineData("succeeded", "'succeeded' is not an execution status")]
    [InlineData("", "'' is not an execution status")]
    [InlineData(null, "no execution status")]
    public void Parse_UnknownString_ThrowsFormatExceptionListingTheStatuses(string? apiName, string start)
    {
        var error = Assert.Throws<FormatException>(() => ExecutionStatuses.Parse(apiName));

        Assert.Equal($"{start}: Step Functions reports RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE", error.Message);
    }

    [Theory]
    [InlineData(ExecutionStatus.Running, false)]
    [InlineData(ExecutionStatus.PendingRedrive, false)]
    [InlineData(ExecutionStatus.Succeeded, true)]
    [InlineData(ExecutionStatus.Failed, true)]
    [InlineData(ExecutionStatus.TimedOut, true)]
    [InlineData(ExecutionStatus.Aborted, true)]
    public void IsFinished_IsTrueForEveryStatusButRunningAndPendingRedrive(ExecutionStatus status, bool finished) =>
        Assert.Equal(finished, status.IsFinished());

    [Fact]
    public void Endings_AreTheFinishedStatuses() =>
        Assert.Equal(Enum.GetValues<ExecutionStatus>().Where(s => s.IsFinished()).ToHashSet(), ExecutionStatuses.Endings.ToHashSet());
}
