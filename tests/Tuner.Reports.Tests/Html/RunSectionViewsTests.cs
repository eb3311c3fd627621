using Tuner.Contracts;
using Tuner.Core.Ports;
using Tuner.Core.Reports;
using Tuner.Reports.Html;

namespace Tuner.Reports.Tests.Html;

public sealed class RunSectionViewsTests
{
    [Fact]
    public void BuildSignature_ASignature_NamesItsKeyTimeAndDigest()
    {
        var view = RunSectionViews.BuildSignature(new ReportSignature("ECDSA_SHA_256", "alias/tuner", "abc123", "sig", new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero)));

        Assert.Equal("report.json was signed on 2026-12-01 09:30 UTC; the signature is in report.sig.json next to it.", view.Text);
        Assert.Equal("alias/tuner", view.KeyId);
        Assert.Equal("abc123", view.Digest);
    }

    [Fact]
    public void BuildSignature_None_PointsAtTheSignatureFile() =>
        Assert.Equal("see report.sig.json", RunSectionViews.BuildSignature(null).KeyId);

    [Fact]
    public void BuildRunCost_ListsEveryPartAndTheBound()
    {
        var view = RunSectionViews.BuildRunCost(new TuningRunCost(1.5m, 0.25m, 0.2m, 0.01m, 0.03m, 0.01m, 1200, 340));

        Assert.Equal(["Lambda compute", "Lambda requests", "DynamoDB writes", "Step Functions transitions", "Total measured", "Planned upper bound"], view.Items.Select(i => i.Label));
        Assert.Contains("1,200 invocations", view.Sentence, StringComparison.Ordinal);
    }
}
