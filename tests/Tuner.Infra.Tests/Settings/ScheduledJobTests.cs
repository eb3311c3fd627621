using Tuner.Core.Requests;
using Tuner.Infra.Tests.TestHelpers;

namespace Tuner.Infra.Tests.Settings;

[Collection(CdkCollection.Name)]
public sealed class ScheduledJobTests
{
    private readonly CdkFixture _fixture;

    public ScheduledJobTests(CdkFixture fixture) => _fixture = fixture;

    [Fact]
    public void RequestFile_EveryScheduleInCdkJson_IsAValidTuningRequestForTheDeployedWorkload()
    {
        var settings = _fixture.Default.Settings;

        Assert.NotEmpty(settings.Schedules);
        foreach (var job in settings.Schedules)
        {
            var read = TuningRequestReader.Read(File.ReadAllText(Path.Combine(settings.RepositoryRoot, job.RequestFile)));
            Assert.True(read.IsValid, job.RequestFile + ": " + string.Join("; ", read.Problems));
            Assert.Contains(read.Request!.Targets, t => t.Function == TunerStack.WorkloadFunctionName);
        }
    }
}
