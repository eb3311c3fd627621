using Tuner.Core.Decisions;
using Tuner.Core.Planning;
using Tuner.Core.Requests;
using Tuner.Core.Tests.TestHelpers;

namespace Tuner.Core.Tests.Decisions;

public sealed class ConstraintsTests
{
    private static readonly PlanCell Cell = new("t0-m512", 0, "f", 512, null, null, new Dictionary<string, string>(), false, "t0-m512", 20, 1);

    [Fact]
    public void Judge_P95WithTooFewSamples_IsUncertainAndSaysHowManyAreNeeded()
    {
        var cell = Observed(Enumerable.Range(0, 20).Select(i => 100.0 + i));

        var verdict = Constraints.Judge(new Objective(MaxP95Ms: 500), cell, _ => true);

        Assert.False(verdict.Violates);
        Assert.True(verdict.Uncertain);
        Assert.Contains(verdict.Reasons, r => r.Contains("20 samples are too few", StringComparison.Ordinal) && r.Contains("needs 72", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_P95WhoseLowerBoundIsAboveTheLimit_Violates()
    {
        var cell = Observed(Enumerable.Range(0, 20).Select(i => 600.0 + i));

        var verdict = Constraints.Judge(new Objective(MaxP95Ms: 500), cell, _ => true);

        Assert.True(verdict.Violates);
        Assert.StartsWith("p95 ", Assert.Single(verdict.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_P95WithEnoughSamplesBelowTheLimit_IsMet()
    {
        var cell = Observed(Enumerable.Range(0, 100).Select(i => 100.0 + i));

        var verdict = Constraints.Judge(new Objective(MaxP95Ms: 500), cell, _ => true);

        Assert.False(verdict.Violates);
        Assert.False(verdict.Uncertain);
    }

    [Fact]
    public void Judge_OneErrorInTwenty_IsUncertainNotAViolationOfFivePercent()
    {
        var cell = Observed(Enumerable.Range(0, 19).Select(i => 100.0 + i), errors: 1);

        var verdict = Constraints.Judge(new Objective(MaxErrorRate: 0.05), cell, _ => true);

        Assert.False(verdict.Violates);
        Assert.True(verdict.Uncertain);
    }

    [Fact]
    public void Judge_TenErrorsInTwenty_ViolatesFivePercentOnItsInterval()
    {
        var cell = Observed(Enumerable.Range(0, 10).Select(i => 100.0 + i), errors: 10);

        var verdict = Constraints.Judge(new Objective(MaxErrorRate: 0.05), cell, _ => true);

        Assert.True(verdict.Violates);
        Assert.Contains("is above maxErrorRate 0.05", Assert.Single(verdict.Reasons), StringComparison.Ordinal);
    }

    private static CellObservations Observed(IEnumerable<double> durations, int errors = 0)
    {
        var cell = new CellObservations(Cell, new CellPrices(1e-8, 2e-7, 6.25e-7, true));
        var index = 0;
        foreach (var ms in durations)
        {
            cell.Add(DecisionScenario.Warm(Cell.Id, index++, ms));
        }

        for (var i = 0; i < errors; i++)
        {
            cell.Add(DecisionScenario.Warm(Cell.Id, index++, 50) with { ErrorType = "Boom" });
        }

        return cell;
    }
}
