using System.Xml.Linq;
using Tuner.Contracts;
using Tuner.Contracts.States;
using Tuner.Reports.Tests.TestHelpers;
using Tuner.Reports.Tests.TestHelpers.Synthetic;

namespace Tuner.Reports.Tests.Html;

/// <summary>
/// The Cleaner's section: report.html as the Reducer renders it (before the Cleaner runs: where its record is), as
/// <c>tuner report --open</c> renders it with the run's cleanup.json, and the Cleaner's own cleanup.html.
/// </summary>
public sealed class CleanupRenderTests
{
    private static readonly DateTimeOffset SeenAt = new(2026, 12, 2, 6, 1, 2, TimeSpan.Zero);

    private static CleanerOutput KeptRecord(string runId) => new(
        runId,
        [
            new TargetCleanup("orders-ingest", CleanupOutcome.KeptOwnersChange, "$LATEST was changed by someone else during the run (memory 512 → 2048 MB, last modified 2026-12-02T06:00:00.000+0000); Tuner kept that change and did not restore its baseline", ["orders-ingest:3"], [], "released")
            {
                Change = new OwnersChange([OwnersChange.Memory, OwnersChange.Environment], SeenAt) { LastModified = "2026-12-02T06:00:00.000+0000", RevisionId = "rev-9" },
            },
            new TargetCleanup("payments-ingest", CleanupOutcome.Restored, null, ["payments-ingest:4"], [], "released"),
        ])
    { CleanedAt = SeenAt.AddSeconds(3), Ending = "succeeded" };

    private static ReportSignature Signed(string runId) =>
        new("ECDSA_SHA_256", "local:abc", new string('a', 64), "AAAA", new DateTimeOffset(2026, 12, 2, 6, 1, 5, TimeSpan.Zero))
        {
            SchemaVersion = ReportSignature.BoundVersion,
            RunId = runId,
            Job = "orders",
            Record = ReportSignature.CleanupRecord,
        };

    [Fact]
    public void RenderHtml_NoCleanupRecord_SaysTheCleanerRunsAfterAndWhereItsSignedRecordIs()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report));

        var section = doc.ById("cleanup");
        Assert.Equal("pending", (string?)section.Attribute("data-cleanup"));
        Assert.Contains("cleanup.json (signature cleanup.sig.json), rendered as cleanup.html", section.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(section.Descendants(), e => e.Name.LocalName == "table");
    }

    [Fact]
    public void RenderHtml_CleanupKeptAnOwnersChange_NamesTheTargetTheFieldsWhenSeenAndThatItWasNotRestored()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var cleanup = new CleanupAddendum(KeptRecord(report.Run.RunId), Signed(report.Run.RunId)) { Verified = true, CheckedWith = "the local public key" };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report, null, cleanup));

        var section = doc.ById("cleanup");
        Assert.Equal("verified", (string?)section.Attribute("data-cleanup"));
        Assert.Contains("kept one owner's change and did not restore that target", section.Value, StringComparison.Ordinal);
        var kept = Row(section, "orders-ingest");
        Assert.Equal("true", (string?)kept.Attribute("data-kept"), ignoreCase: true);
        Assert.Contains("owner's change kept, not restored", kept.Value, StringComparison.Ordinal);
        Assert.Contains("memory, environment", kept.Value, StringComparison.Ordinal);
        Assert.Contains("last modified 2026-12-02T06:00:00.000+0000", kept.Value, StringComparison.Ordinal);
        Assert.Contains("2026-12-02 06:01:02 UTC", kept.Value, StringComparison.Ordinal);
        Assert.Contains("restored to its baseline", Row(section, "payments-ingest").Value, StringComparison.Ordinal);
        Assert.Contains("Signature verified (cleanup.sig.json, key local:abc", section.Value, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Security")]
    public void RenderHtml_CleanupRecordThatDoesNotVerify_SaysSoAndListsNoTarget()
    {
        var report = SyntheticReport.Create(new SyntheticReportOptions());
        var cleanup = new CleanupAddendum(KeptRecord(report.Run.RunId), Signed(report.Run.RunId)) { Verified = false, Problem = "the record was changed after the Cleaner signed it" };

        var doc = Xhtml.Parse(ReportRenderer.RenderHtml(report, null, cleanup));

        var section = doc.ById("cleanup");
        Assert.Equal("untrusted", (string?)section.Attribute("data-cleanup"));
        Assert.Contains("cleanup.json does NOT verify: the record was changed after the Cleaner signed it", section.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("orders-ingest", section.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(section.Descendants(), e => e.Name.LocalName == "table");
    }

    [Fact]
    public void RenderCleanupHtml_SignedRecord_SelfContainedPageWithEachTargetAndHowToVerify()
    {
        var html = ReportRenderer.RenderCleanupHtml(new CleanupAddendum(KeptRecord("run-7"), Signed("run-7")));

        var doc = Xhtml.Parse(html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.All(doc.Descendants().Attributes().Where(a => a.Name.LocalName is "src" or "href"), a => Assert.StartsWith("#", a.Value, StringComparison.Ordinal));
        var section = doc.ById("cleanup");
        Assert.Equal("signed", (string?)section.Attribute("data-cleanup"));
        Assert.Contains("Signed by the Cleaner's key local:abc on 2026-12-02 06:01:05 UTC", section.Value, StringComparison.Ordinal);
        Assert.Contains("owner's change kept, not restored", Row(section, "orders-ingest").Value, StringComparison.Ordinal);
        Assert.Contains("tuner verify cleanup.json", doc.ById("verify").Value, StringComparison.Ordinal);
        Assert.Contains("run-7", doc.Descendants().First(e => e.Name.LocalName == "title").Value, StringComparison.Ordinal);
    }

    private static XElement Row(XElement section, string function) =>
        section.Descendants().Single(e => e.Name.LocalName == "tr" && (string?)e.Attribute("data-function") == function);
}
