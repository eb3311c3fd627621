using System.Text.Json;
using Tuner.Cli.Run;
using Tuner.LocalCloud;

namespace Tuner.Cli.Tests.Run;

public sealed class RunProgressTests
{
    private static ExecutionEvent Exited(string state, string output, int? index = null) =>
        new("StateExited", state, "Task", index, DateTimeOffset.UnixEpoch, JsonDocument.Parse(output).RootElement.Clone(), null, null, null);

    private static ExecutionEvent Entered(string state) =>
        new("StateEntered", state, "Task", null, DateTimeOffset.UnixEpoch, null, null, null, null);

    [Fact]
    public void Report_NarrowerStepThenExecutors_ShowsStageCellsAndSamples()
    {
        var progress = new RunProgress();

        progress.Report(Exited("Narrower", """{"step":1,"done":false,"units":[{"unit":0,"targetIndex":0,"stage":1,"kind":"firstPass","cells":[{"id":"a","samples":4},{"id":"b","samples":4},{"id":"c","samples":4}]}]}"""));
        progress.Report(Entered("Measure"));
        progress.Report(Exited("Executor", """{"step":1,"unit":0,"samples":12,"invocations":18,"cellsFailed":1,"deadlineReached":false,"invokePhaseMs":1500}""", index: 0));

        Assert.Equal(1, progress.Step);
        Assert.Equal(12, progress.StepSamples);
        Assert.Equal(12, progress.StepSamplesTaken);
        Assert.Equal(18, progress.Invocations);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), progress.InvokeTime);
        Assert.Equal("Measure: step 1, stage 1 (first pass), 3 cells: units 1/1, samples 12/12, 1 cell(s) failed", progress.Describe());
        var lines = progress.TakeLines();
        Assert.Contains("Narrower step 1: stage 1 (first pass), 3 cells, 12 warm samples in 1 unit(s)", lines);
        Assert.Contains(lines, l => l.Contains("1 cell(s) failed on every invocation", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_NarrowerDone_SaysEveryTargetIsDecided()
    {
        var progress = new RunProgress();
        progress.Report(Exited("Narrower", """{"step":1,"done":false,"units":[{"unit":0,"stage":1,"kind":"firstPass","cells":[{"id":"a","samples":4}]}]}"""));
        progress.Report(Exited("Executor", """{"samples":4,"invocations":6}""", index: 0));

        progress.Report(Exited("Narrower", """{"step":2,"done":true,"units":[]}"""));
        progress.Report(Entered("Reducer"));

        Assert.True(progress.MeasuringDone);
        Assert.Equal("Reducer", progress.Describe());
        Assert.Contains("Narrower: every target decided after 1 measuring step(s), 4 warm samples of 6 invocations", progress.TakeLines());
    }

    /// <summary>A Planner output without its cells, or a Narrower unit without its cells, is read as none (the records' defaults), not as a null to fail on.</summary>
    [Fact]
    public void Report_PlannerAndNarrowerOutputsWithoutCells_CountNone()
    {
        var progress = new RunProgress();

        progress.Report(Exited("Planner", """{"published":true,"maxConcurrency":2}"""));
        progress.Report(Exited("Narrower", """{"step":1,"done":false,"units":[{"unit":0,"stage":1,"kind":"firstPass"}]}"""));

        Assert.Equal(0, progress.CellsTotal);
        Assert.Equal(0, progress.StepSamples);
        Assert.Contains("Narrower step 1: stage 1 (first pass), 0 cells, 0 warm samples in 1 unit(s)", progress.TakeLines());
    }
}
