using Tuner.Aws.StepFunctions;
using Tuner.Cli.Deployed;

namespace Tuner.Cli.Tests.Deployed;

public sealed class ExecutionProgressTests
{
    private static ExecutionHistoryEvent Event(string type, string? state = null, string? details = null) =>
        new(0, 0, type, DateTimeOffset.UnixEpoch, state, null, null, details);

    [Fact]
    public void From_MapEventsWithoutStepDetails_CountsUnitsDoneFailedAndTotal()
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
        Assert.Equal("Measure: 3/12 units measured (1 failed)", progress.Describe());
    }

    [Fact]
    public void From_BeforeMap_StateOnly()
    {
        var progress = ExecutionProgress.From([Event("ExecutionStarted"), Event("TaskStateEntered", "Planner")]);

        Assert.Equal("Planner", progress.Describe());
    }

    private static string Exited(string output) =>
        System.Text.Json.JsonSerializer.Serialize(new { name = "x", output });

    [Fact]
    public void From_NarrowerSteps_ShowsTheLatestStageItsUnitsAndSamples()
    {
        const string first = """{"step":1,"done":false,"units":[{"unit":0,"stage":1,"kind":"firstPass","cells":[{"id":"a","samples":4},{"id":"b","samples":4}]}]}""";
        const string second = """{"step":2,"done":false,"units":[{"unit":0,"stage":2,"kind":"confirmation","paired":true,"cells":[{"id":"a","samples":20},{"id":"b","samples":20}]}]}""";

        var progress = ExecutionProgress.From(
        [
            Event("TaskStateExited", "Narrower", Exited(first)),
            Event("MapStateStarted", details: """{"length":1}"""),
            Event("TaskStateExited", "Executor", Exited("""{"samples":8}""")),
            Event("MapIterationSucceeded"),
            Event("TaskStateExited", "Narrower", Exited(second)),
            Event("MapStateEntered", "Measure"),
            Event("MapStateStarted", details: """{"length":1}"""),
            Event("TaskStateExited", "Executor", Exited("""{"samples":30}""")),
        ]);

        Assert.Equal(2, progress.Step);
        Assert.Equal(40, progress.StepSamples);
        Assert.Equal(30, progress.SamplesTaken);
        Assert.Equal("Measure: step 2, stage 2 (paired confirmation), 2 cells: 0/1 units, 30/40 samples", progress.Describe());
    }

    [Fact]
    public void From_NarrowerDone_SaysEveryTargetIsDecided()
    {
        var progress = ExecutionProgress.From(
        [
            Event("TaskStateExited", "Narrower", Exited("""{"step":4,"done":true,"units":[]}""")),
            Event("TaskStateEntered", "Reducer"),
        ]);

        Assert.Equal("Reducer: step 4, every target decided: 0/0 units, 0/0 samples", progress.Describe());
    }

    /// <summary>A Narrower output without its units, or a unit without its cells, is read as none (the records' defaults), not as a null to fail on.</summary>
    [Fact]
    public void From_NarrowerStepWithoutUnitsOrCells_CountsNone()
    {
        var withoutUnits = ExecutionProgress.From([Event("TaskStateExited", "Narrower", Exited("""{"step":1,"done":false}"""))]);
        var withoutCells = ExecutionProgress.From([Event("TaskStateExited", "Narrower", Exited("""{"step":1,"done":false,"units":[{"unit":0,"stage":1,"kind":"firstPass"}]}"""))]);

        Assert.Equal((0, 0), (withoutUnits.UnitsTotal, withoutUnits.StepSamples));
        Assert.Equal("stage 1 (first pass), 0 cells", withoutCells.Stage);
        Assert.Equal((1, 0), (withoutCells.UnitsTotal, withoutCells.StepSamples));
    }
}
