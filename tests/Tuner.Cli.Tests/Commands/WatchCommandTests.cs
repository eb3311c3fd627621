using Tuner.Cli.Commands;
using Tuner.Cli.Tests.TestHelpers;

namespace Tuner.Cli.Tests.Commands;

public sealed class WatchCommandTests : IDisposable
{
    private readonly FakeDeployment _aws = new();

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task Watch_ScheduledExecution_FollowsAndFetchesReportOfItsName()
    {
        const string name = "7c1f3a52-weekly-from-eventbridge";
        _aws.WithStack().WithExecution(name, cells: 2).WithSignedReport(name);
        var command = WatchCommand.Create(_aws.Connect, _aws.Console, TimeProvider.System, TimeSpan.Zero);

        var exit = await command.Parse(["watch", FakeDeployment.ExecutionArn(name), "--out", _aws.OutDirectory]).InvokeAsync();

        Assert.True(exit == 0, _aws.Output);
        Assert.Contains(_aws.Handler.Requests, r => r.Operation == $"GET /{FakeDeployment.Bucket}/runs/{name}/report.json");
        Assert.Equal(2, _aws.Handler.Requests.Count(r => r.Operation == "DescribeExecution"));
        Assert.True(File.Exists(Path.Combine(_aws.OutDirectory, "report.json")));
    }

    [Fact]
    public async Task Watch_InteractiveTerminal_ProgressBarThenReport()
    {
        const string name = "run-interactive";
        using var aws = new FakeDeployment(interactive: true);
        aws.WithStack().WithExecution(name, cells: 5).WithSignedReport(name);
        var command = WatchCommand.Create(aws.Connect, aws.Console, TimeProvider.System, TimeSpan.Zero);

        var exit = await command.Parse(["watch", FakeDeployment.ExecutionArn(name), "--out", aws.OutDirectory]).InvokeAsync();

        Assert.True(exit == 0, aws.Output);
        Assert.Contains("SUCCEEDED after", aws.Output, StringComparison.Ordinal);
        Assert.Contains("Signature verified", aws.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunIdOf_ExecutionArn_LastSegment()
    {
        Assert.Equal("run-1", WatchCommand.RunIdOf("arn:aws:states:us-east-1:123456789012:execution:Machine:run-1"));
    }
}
