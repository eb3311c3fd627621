using Tuner.Contracts.States;
using Tuner.Core.Requests;
using Tuner.Core.Samples;
using Tuner.Functions.Measuring;
using Tuner.Functions.Messages;
using Tuner.Functions.Tests.TestHelpers;

namespace Tuner.Functions.Tests.Measuring;

public sealed class CellRunTests
{
    private static readonly TuningTarget Target = new("orders-ingest", null, null, [512], null, new Dictionary<string, IReadOnlyList<string>>(), 10, 1, null, null);

    private static CellRun Run(int samples = 3, int step = 2, IReadOnlyList<string>? cold = null) =>
        new(StateMessages.Cell("c1", "orders-ingest", "5", samples, warmUp: false, 1, cold), StateMessages.Unit(1, StageKind.FirstPass, step, false, 7, []), Target);

    [Fact]
    public void NextIndex_Step_StartsAtTheStepsOwnRange()
    {
        var run = Run(step: 2);

        Assert.Equal(2 * Executor.RoundsPerStep, run.NextIndex());
        Assert.Equal((2 * Executor.RoundsPerStep) + 1, run.NextIndex());
    }

    [Fact]
    public void NextQualifier_ColdMode_EachVersionOnceThenNoneLeft()
    {
        var run = Run(cold: ["7", "8"]);

        Assert.Equal("7", run.NextQualifier());
        Assert.Equal(1, run.ColdVersionsLeft);
        Assert.Equal("8", run.NextQualifier());
        Assert.Equal(0, run.ColdVersionsLeft);
        Assert.False(run.NeedsMore);
    }

    [Fact]
    public void NextQualifier_WarmMode_AlwaysTheCellsVersion()
    {
        var run = Run();

        Assert.Equal("5", run.NextQualifier());
        Assert.Equal("5", run.NextQualifier());
        Assert.Equal(int.MaxValue, run.ColdVersionsLeft);
    }

    [Fact]
    public void NeedsMore_FirstInvocationsAllFailed_StopsAtTheFailFastCount()
    {
        var run = Run(samples: 50);
        for (var i = 0; i < Executor.FailFastInvocations - 1; i++)
        {
            run.Record(run.NextIndex(), new SampleResult(null, "Invoke failed: 500"), round: 0, warmup: false);
        }

        Assert.True(run.NeedsMore);
        run.Record(run.NextIndex(), new SampleResult(null, "Invoke failed: 500"), round: 0, warmup: false);

        Assert.False(run.NeedsMore);
        Assert.Equal(Executor.FailFastInvocations, run.Attempted);
    }

    [Fact]
    public void Summarize_NoSample_IsFailedWithTheFirstProblemTruncated()
    {
        var run = Run();
        run.Record(run.NextIndex(), new SampleResult(null, "Invoke failed: " + new string('x', 300)), round: 0, warmup: false);

        var summary = run.Summarize("runs/r1/samples/c1/step-2.jsonl");

        Assert.Equal(CellStatus.Failed, summary.Status);
        Assert.Equal("InvokeFailed", summary.ErrorType);
        Assert.Equal(201, summary.ErrorMessage!.Length);
        Assert.EndsWith("…", summary.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(1, summary.Problems);
        Assert.Equal(1, summary.Invocations);
    }

    [Fact]
    public void Summarize_NothingRecorded_SaysNoReportLine()
    {
        var summary = Run().Summarize("k");

        Assert.Equal(CellStatus.Failed, summary.Status);
        Assert.Equal("no invocation produced a REPORT line", summary.ErrorMessage);
    }
}
