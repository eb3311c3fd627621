using Tuner.Contracts;

namespace Tuner.Contracts.Tests;

public sealed class BucketKeysTests
{
    [Fact]
    public void SampleTag_MatchesTheStackLifecycleRuleFilter()
    {
        // infra/Tuner.Infra/TunerStack.cs (ExpireSamples) filters on this pair; TunerStackTests pins the same literals.
        Assert.Equal("tuner:data", BucketKeys.DataTagKey);
        Assert.Equal("sample", BucketKeys.SampleTagValue);
    }

    [Theory]
    [InlineData("runs/r1/samples/c1.jsonl", true)]
    [InlineData("runs/r1/samples/nested/c1.jsonl", true)]
    [InlineData("runs/r1/samples/", false)]
    [InlineData("runs//samples/c1.jsonl", false)]
    [InlineData("runs/r1/samples.csv", false)]
    [InlineData("runs/r1/report.json", false)]
    [InlineData("runs/samples/c1.jsonl", false)]
    [InlineData("jobs/orders/samples/c1.jsonl", false)]
    [InlineData("x/runs/r1/samples/c1.jsonl", false)]
    public void IsSampleKey_Key_MatchesOnlyRunSamples(string key, bool expected)
    {
        Assert.Equal(expected, BucketKeys.IsSampleKey(key));
    }

    [Theory]
    [InlineData("runs/r1/samples/c1/step-2.jsonl", "c1")]
    [InlineData("runs/r1/samples/c1/old/step-1.jsonl", "c1")]
    [InlineData("runs/r1/samples/c1.jsonl", null)]
    [InlineData("runs/r1/samples//step-1.jsonl", null)]
    [InlineData("runs/r1/samples/c1/step-1.json", null)]
    [InlineData("runs/r2/samples/c1/step-1.jsonl", null)]
    [InlineData("runs/r1/steps/1/unit-0.json", null)]
    public void SampleFileCell_Key_TheCellOfASamplesFileInItsFolder(string key, string? expected)
    {
        Assert.Equal(expected, BucketKeys.SampleFileCell("r1", key));
    }

    [Fact]
    public void SampleFileCell_OfTheSamplesKey_ItsCell() =>
        Assert.Equal("t0-m512", BucketKeys.SampleFileCell("r1", BucketKeys.Samples("r1", "t0-m512", 3)));

    [Fact]
    public void RunFiles_Run_AreTheDocumentedLayout()
    {
        Assert.Equal("runs/r1/", BucketKeys.Run("r1"));
        Assert.Equal("runs/r1/plan.json", BucketKeys.Plan("r1"));
        Assert.Equal("runs/r1/ended.json", BucketKeys.Ended("r1"));
        Assert.Equal("runs/r1/cleanup.json", BucketKeys.Cleanup("r1"));
        Assert.Equal("runs/r1/stages.json", BucketKeys.Stages("r1"));
        Assert.Equal("runs/r1/report.json", BucketKeys.Report("r1"));
        Assert.Equal("runs/r1/report.sig.json", BucketKeys.Signature("r1"));
        Assert.Equal("runs/r1/report.html", BucketKeys.Html("r1"));
        Assert.Equal("runs/r1/samples.csv", BucketKeys.Csv("r1"));
        Assert.Equal("runs/r1/samples/", BucketKeys.SamplesPrefix("r1"));
        Assert.Equal("runs/r1/samples/c-1/step-12.jsonl", BucketKeys.Samples("r1", "c-1", 12));
        Assert.Equal("runs/r1/steps/", BucketKeys.StepsPrefix("r1"));
        Assert.Equal("runs/r1/steps/3/", BucketKeys.StepPrefix("r1", 3));
        Assert.Equal("runs/r1/steps/3/unit-7.json", BucketKeys.UnitSummary("r1", 3, 7));
    }

    [Fact]
    public void OtherKeys_JobSecretsAndLeases_AreTheDocumentedLayout()
    {
        Assert.Equal("jobs/orders/latest.json", BucketKeys.Latest("orders"));
        Assert.Equal("secrets/r1/baselines.json", BucketKeys.Baselines("r1"));
        Assert.Equal("locks/my-fn", BucketKeys.Lease("my-fn"));
    }

    [Fact]
    public void Patterns_AreTheStacksGrants()
    {
        Assert.Equal("runs/*", BucketKeys.Patterns.EveryRun);
        Assert.Equal("jobs/*", BucketKeys.Patterns.EveryJob);
        Assert.Equal("locks/*", BucketKeys.Patterns.EveryLease);
        Assert.Equal("secrets/*", BucketKeys.Patterns.EverySecret);
        Assert.Equal("jobs/*/latest.json", BucketKeys.Patterns.EveryLatest);
        Assert.Equal("secrets/*/baselines.json", BucketKeys.Patterns.EveryBaselines);
        Assert.Equal("runs/*/samples/*", BucketKeys.Patterns.EverySample);
        Assert.Equal("runs/*/steps/*", BucketKeys.Patterns.EveryStep);
        Assert.Equal("runs/*/plan.json", BucketKeys.Patterns.InEveryRun(BucketKeys.PlanFile));
    }

    [Fact]
    public void ReportFiles_AreTheReducersFilesInOrder() =>
        Assert.Equal(["report.json", "report.sig.json", "report.html", "samples.csv"], BucketKeys.ReportFiles);
}
