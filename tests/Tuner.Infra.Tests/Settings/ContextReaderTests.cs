using Amazon.CDK;
using Tuner.Infra.Settings;
using Tuner.Infra.Tests.TestHelpers;

namespace Tuner.Infra.Tests.Settings;

[Collection(CdkCollection.Name)]
public sealed class ContextReaderTests
{
    private static ContextReader Reader(Dictionary<string, object> context) =>
        new(new App(new AppProps { Context = context }).Node, InfraEnvironment.RepositoryRoot);

    [Fact]
    public void Read_CdkJson_WeeklyJobDefaultsAndPaths()
    {
        var reader = Reader(StackFactory.CdkJsonContext());

        var settings = reader.Read("/code/functions", "/code/workload");

        var job = Assert.Single(settings.Schedules);
        Assert.Equal(new ScheduledJob("reference-weekly", "cron(0 3 ? * MON *)", "infra/jobs/reference-weekly.json"), job);
        Assert.Empty(settings.AllowedFunctionArns);
        Assert.Equal(30, settings.SampleRetentionDays);
        Assert.Equal(Path.Combine(InfraEnvironment.RepositoryRoot, "statemachine", "tuner.asl.json"), settings.StateMachineFile);
        Assert.Equal("Tuner", reader.StackName());
        Assert.Equal(Path.Combine(InfraEnvironment.RepositoryRoot, "artifacts", "lambda"), reader.PublishDirectory());
    }

    [Fact]
    public void Read_EmptyContext_Defaults()
    {
        var settings = Reader([]).Read("/f", "/w");

        Assert.Empty(settings.Schedules);
        Assert.Equal(30, settings.LogRetentionDays);
    }

    [Fact]
    public void Read_InvalidValues_ReportsEveryProblemWithItsPath()
    {
        var context = new Dictionary<string, object>
        {
            [ContextReader.SchedulesKey] = new object[]
            {
                new Dictionary<string, object> { ["name"] = "9bad", ["cron"] = "0 3 * *", ["requestFile"] = "nope.json" },
                "not-an-object",
            },
            [ContextReader.AllowedFunctionArnsKey] = new object[] { "arn:aws:lambda:us-east-1:123456789012:function:*", "arn:aws:lambda:us-east-1:123456789012:function:ok:7" },
            [ContextReader.SampleRetentionDaysKey] = -3d,
        };

        var error = Assert.Throws<InvalidOperationException>(() => Reader(context).Read("/f", "/w"));

        Assert.Contains("tuner:schedules[0].name", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:schedules[0].cron", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:schedules[0].requestFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:schedules[1]: expected an object", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:allowedFunctionArns[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:allowedFunctionArns[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("tuner:sampleRetentionDays", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 8)]
    [InlineData(1d, 1)]
    [InlineData(12d, 12)]
    [InlineData("10", 10)]
    public void Read_ControlPlaneRequestsPerSecond_DefaultEightAtMostTwelve(object? value, int expected)
    {
        var context = value is null ? new Dictionary<string, object>() : new Dictionary<string, object> { [ContextReader.ControlPlaneRequestsPerSecondKey] = value };

        Assert.Equal(expected, Reader(context).Read("/f", "/w").ControlPlaneRequestsPerSecond);
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(13d)]
    [InlineData(15d)]
    [InlineData(2.5d)]
    [InlineData("fast")]
    public void Read_ControlPlaneRequestsPerSecondOutOfRange_RefusedWithItsPathAndTheQuota(object value)
    {
        var context = new Dictionary<string, object> { [ContextReader.ControlPlaneRequestsPerSecondKey] = value };

        var error = Assert.Throws<InvalidOperationException>(() => Reader(context).Read("/f", "/w"));

        Assert.Contains($"tuner:controlPlaneRequestsPerSecond: '{value}' must be a whole number from 1 to 12", error.Message, StringComparison.Ordinal);
        Assert.Contains("quota is 15 requests/s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CronWithoutWrapper_ScheduleExpressionWrapsIt()
    {
        var context = new Dictionary<string, object>
        {
            [ContextReader.SchedulesKey] = new object[]
            {
                new Dictionary<string, object> { ["name"] = "nightly", ["cron"] = "0 2 * * ? *", ["requestFile"] = "infra/jobs/reference-weekly.json" },
            },
        };

        var job = Assert.Single(Reader(context).Read("/f", "/w").Schedules);

        Assert.Equal("cron(0 2 * * ? *)", job.ScheduleExpression);
    }

    [Fact]
    public void Find_FromTestOutput_FolderHoldingCdkJson()
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);

        Assert.True(File.Exists(Path.Combine(root, "cdk.json")));
        Assert.True(File.Exists(Path.Combine(root, "Tuner.sln")));
    }
}
