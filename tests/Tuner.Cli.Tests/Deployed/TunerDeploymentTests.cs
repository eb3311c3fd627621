using Tuner.Cli.Deployed;

namespace Tuner.Cli.Tests.Deployed;

public sealed class TunerDeploymentTests
{
    [Theory]
    [InlineData("CREATE_COMPLETE", true)]
    [InlineData("UPDATE_COMPLETE", true)]
    [InlineData("UPDATE_ROLLBACK_COMPLETE", true)]
    [InlineData("UPDATE_IN_PROGRESS", true)]
    [InlineData("CREATE_IN_PROGRESS", false)]
    [InlineData("ROLLBACK_COMPLETE", false)]
    [InlineData("DELETE_IN_PROGRESS", false)]
    [InlineData("UPDATE_ROLLBACK_FAILED", false)]
    public void IsUsable_Status_Expected(string status, bool usable)
    {
        Assert.Equal(usable, TunerDeployment.IsUsable(status));
    }
}
