using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Host;

namespace Tuner.LocalLambda.Tests.Execution;

/// <summary>A real child process (<c>/bin/sh</c>), no cgroup: output, exit code, kill.</summary>
public sealed class RuntimeProcessTests
{
    [Fact]
    public async Task Exited_AProcessThatPrintsAndExits_GivesItsCodeAfterItsLastLines()
    {
        var output = new RuntimeOutput();
        var marker = output.Begin("req-1");
        await using var process = RuntimeProcess.Start(Shell($"echo working; printf '%s\\n' '{EndMarker.Line("req-1")}'; echo dying; exit 3"), null, output, NullLogger.Instance, "env-1");

        var code = await process.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, code);
        Assert.True(marker.IsCompletedSuccessfully);
        Assert.Equal("working\ndying\n", output.End("req-1", out _));
        Assert.False(process.OomKilled());
    }

    [Fact]
    public async Task Kill_ARunningProcess_EndsItWithSigkill()
    {
        var output = new RuntimeOutput();
        await using var process = RuntimeProcess.Start(Shell("echo ready; exec sleep 60"), null, output, NullLogger.Instance, "env-2");
        await WaitUntilAsync(() => output.InitLog.Contains("ready", StringComparison.Ordinal));

        process.Kill();

        Assert.Equal(137, await process.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static ProcessStartInfo Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return start;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the process printed nothing within 30 s");
            await Task.Delay(20);
        }
    }
}
