using Tuner.Aws.StepFunctions;
using Tuner.Cli.Deployed;

namespace Tuner.Cli.Tests.Deployed;

public sealed class ExecutionProgressTests
{
    private static ExecutionHistoryEvent Event(string type, string? state = null, string? details = null) =>
        new(0, 0, type, DateTimeOffset.UnixEpoch, state, null, null, details);

    [Fact]
    public void From_MapEvents_CountsDoneFailedAndTotal()
    {
        var progress = ExecutionProgress.From(
        [
            Event("TaskStateEntered", "Planner"),
            Event("MapStateEntered", "Measure"),
            Event("MapStateStarted", details: """{"length":12}"""),
            Event("MapIterationSucceeded"),
            Event("MapIterationFailed"),
            Event("MapIterationSucceeded"),
        ]);

        Assert.Equal(new ExecutionProgress("Measure", 3, 1, 12), progress);
        Assert.Equal("Measure: 3/12 cells measured (1 failed)", progress.Describe());
    }

    [Fact]
    public void From_BeforeMap_StateOnly()
    {
        var progress = ExecutionProgress.From([Event("ExecutionStarted"), Event("TaskStateEntered", "Planner")]);

        Assert.Equal("Planner", progress.Describe());
    }
}
