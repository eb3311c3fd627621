using System.Text.Json;

namespace Tuner.Contracts.Tests;

public sealed class ExecutionStatusTests
{
    [Fact]
    public void EndingsNeedingCleanup_AreEveryEndingButSuccess() =>
        Assert.Equal([ExecutionStatus.Aborted, ExecutionStatus.TimedOut, ExecutionStatus.Failed], ExecutionStatus.EndingsNeedingCleanup);

    [Fact]
    public void EndingsNeedingCleanup_AreEndings() =>
        Assert.Subset(ExecutionStatus.Endings.ToHashSet(), ExecutionStatus.EndingsNeedingCleanup.ToHashSet());

    [Fact]
    public void Endings_AreTheRunDocumentsStatusesInTheOutputSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tuner-output.schema.json")));
        var listed = schema.RootElement.GetProperty("$defs").GetProperty("run").GetProperty("properties").GetProperty("status").GetProperty("enum")
            .EnumerateArray().Select(s => s.GetString()!).ToList();

        // REFUSED is the CLI's own status (RunJson.Refused: the request was refused, no execution started).
        Assert.Equal(
            ExecutionStatus.Endings.Append("REFUSED").Order(StringComparer.Ordinal),
            listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(ExecutionStatus.Running, "RUNNING")]
    [InlineData(ExecutionStatus.Succeeded, "SUCCEEDED")]
    [InlineData(ExecutionStatus.Failed, "FAILED")]
    [InlineData(ExecutionStatus.TimedOut, "TIMED_OUT")]
    [InlineData(ExecutionStatus.Aborted, "ABORTED")]
    [InlineData(ExecutionStatus.PendingRedrive, "PENDING_REDRIVE")]
    public void Statuses_AreStepFunctionsSpelling(string status, string expected) => Assert.Equal(expected, status);
}
