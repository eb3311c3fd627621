using System.Diagnostics;
using Tuner.LocalLambda;
using Tuner.TestTargets;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>A service of its own per test: shutdown leaves no process or cgroup; without limits it says so.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalLambdaLifecycleTests
{
    [Fact]
    public async Task DisposeAsync_WithWarmAndBusyEnvironments_NoProcessOrCgroupLeft()
    {
        var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None);
        IReadOnlyList<int> pids;
        IReadOnlyList<string> cgroups;
        using (var lambda = new LambdaHttp(service))
        {
            var warm = lambda.Register<Echo>();
            var busy = lambda.Register<Sleep>(timeoutSeconds: 60);
            await lambda.InvokeAsync(warm);
            var running = lambda.InvokeAsync(busy, """{"milliseconds":30000}""");
            await WaitUntilAsync(() => service.EnvironmentCount == 2);
            pids = service.EnvironmentProcessIds();
            cgroups = service.EnvironmentCgroupDirectories();

            await service.DisposeAsync();

            // The caller of the killed invocation gets an answer or a closed connection, never a hang.
            var settled = await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(15)));
            Assert.Same(running, settled);
        }

        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.False(IsAlive(pid), $"process {pid} survived dispose"));
        Assert.Equal(service.LimitsEnforced ? 4 : 0, cgroups.Count);
        Assert.All(cgroups, dir => Assert.False(Directory.Exists(dir), $"cgroup {dir} survived dispose"));
    }

    [Fact]
    public async Task Invoke_LimitsDisabled_SaysSoInHeaderAndLog()
    {
        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions { EnforceLimits = false }, CancellationToken.None);
        using var lambda = new LambdaHttp(service);
        var function = lambda.Register<Echo>();

        var answer = await lambda.InvokeAsync(function, """{"x":1}""");

        Assert.False(service.LimitsEnforced);
        Assert.Equal("off", answer.Limits);
        Assert.Contains("TUNER Limits: off", answer.Log, StringComparison.Ordinal);
        Assert.Equal("""{"x":1}""", answer.Body);
        Assert.Empty(service.EnvironmentCgroupDirectories());
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "condition not reached in 10 s");
    }
}
