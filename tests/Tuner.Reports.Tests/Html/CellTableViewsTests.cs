using Tuner.Core.Reports;
using Tuner.Reports.Html;

namespace Tuner.Reports.Tests.Html;

public sealed class CellTableViewsTests
{
    [Fact]
    public void FailedReason_WithAndWithoutInvocations_SaysWhatFailed()
    {
        var env = new Dictionary<string, string>();

        Assert.Equal("Runtime.ExitError: 3 of 5 invocations failed — signal: killed",
            CellTableViews.FailedReason(new FailedCell("c1", 128, null, null, env, 5, 3, "Runtime.ExitError", "signal: killed")));
        Assert.Equal("Sandbox.Timedout: no invocation recorded.",
            CellTableViews.FailedReason(new FailedCell("c2", 128, null, null, env, 0, 0, "Sandbox.Timedout", " ")));
    }

    [Fact]
    public void ColdCellTable_IsHeadedPerColdStart()
    {
        var table = CellTableViews.ColdCellTable();

        Assert.True(table.ColdProfiles);
        Assert.Equal("Total per cold start", table.TotalHeading);
        Assert.StartsWith("Cold starts only (measure: cold)", table.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void CellTable_WithoutColdProfiles_IsThePlainTotal()
    {
        var table = CellTableViews.CellTable([], coldProfiles: false);

        Assert.False(table.ColdProfiles);
        Assert.Equal("Total", table.TotalHeading);
    }

    [Fact]
    public void Ci_NoInterval_SaysTooFewSamples()
    {
        Assert.Equal("too few samples", CellTableViews.Ci(null, 0.99).Text);
        Assert.Equal("ci", CellTableViews.Ci(new Tuner.Core.Statistics.ConfidenceInterval(10, 12.5), 0.5).Class);
    }
}
