using Tuner.Core.Decisions;
using Tuner.Core.Objectives;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Reports.Tests;

public sealed class ComparisonTextTests
{
    [Fact]
    public void Stability_Unstable_SaysTheDiscrepancyASwitchHadToBeat()
    {
        var check = new StabilityCheck("t0-baseline", new RelativeDifference(0.12, 0.08, 0.16, 0.99, false, 50, 32), true, 0.12, "unstable");

        Assert.Equal(
            "A/A check unstable: current mean duration +12% (99% interval +8% to +16%) in the confirmation against the earlier stages, beyond the 5% margin; a switch had to beat the 12% discrepancy",
            ComparisonText.Stability(check, 0.05));
        Assert.Equal("unstable", ComparisonText.StabilityVerdict(check));
    }

    [Fact]
    public void Stability_NoDifference_IsTheEngineSummary()
    {
        var check = new StabilityCheck("t0-baseline", null, false, 0, "A/A check not possible: too few samples");

        Assert.Equal("A/A check not possible: too few samples", ComparisonText.Stability(check, 0.05));
        Assert.Equal("not possible", ComparisonText.StabilityVerdict(check));
    }

    [Fact]
    public void Confirmation_PairedFigures_SamplesRoundsAndIntervals()
    {
        var cost = new RelativeDifference(-0.382, -0.401, -0.363, 0.95, true, 50, 50);
        var duration = new RelativeDifference(0.041, 0.01, 0.073, 0.95, true, 50, 50);
        var confirmation = new ConfirmationResult(5, "t0-m512-b25-p4", "t0-baseline", 50, 50, 10, cost, duration, cost, duration);

        Assert.Equal(
            "confirmation: t0-m512-b25-p4 vs current t0-baseline on 50 and 50 fresh samples in 10 interleaved rounds, compared round by round: cost −38.2% (95% interval −40.1% to −36.3%, paired), duration +4.1% (95% interval +1% to +7.3%, paired)",
            ComparisonText.Confirmation(confirmation));
    }

    [Fact]
    public void Versus_Margins_LowerHigherEquivalentOrInconclusive()
    {
        Assert.Equal("lower beyond the 3% margin", ComparisonText.Versus(new RelativeDifference(-0.1, -0.12, -0.08, 0.95, true, 9, 9), 0.03));
        Assert.Equal("higher beyond the 3% margin", ComparisonText.Versus(new RelativeDifference(0.1, 0.08, 0.12, 0.95, true, 9, 9), 0.03));
        Assert.Equal("equivalent within ±3%", ComparisonText.Versus(new RelativeDifference(0.01, -0.01, 0.02, 0.95, true, 9, 9), 0.03));
        Assert.Equal("inconclusive at the 3% margin", ComparisonText.Versus(new RelativeDifference(0.01, -0.05, 0.07, 0.95, true, 9, 9), 0.03));
    }
}
