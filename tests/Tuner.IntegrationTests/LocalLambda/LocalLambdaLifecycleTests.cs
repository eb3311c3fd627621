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

    [Fact]
    public async Task Reaper_IdleEnvironmentAndReplacedConfiguration_EnvironmentsStopped()
    {
        await using var service = await LocalLambdaService.StartAsync(
            new LocalLambdaOptions { IdleTimeout = TimeSpan.FromSeconds(2), UpdateDelay = TimeSpan.FromMilliseconds(100) }, CancellationToken.None);
        using var lambda = new LambdaHttp(service);
        var function = lambda.Register<Echo>();

        var first = await lambda.InvokeAsync(function);
        await lambda.SendAsync(HttpMethod.Put, $"/2015-03-31/functions/{function}/configuration", """{"MemorySize":320}""");
        await lambda.WaitForUpdateAsync(function);
        await WaitUntilAsync(() => service.EnvironmentCount == 0);
        var afterUpdate = await lambda.InvokeAsync(function);
        var countAfterInvoke = service.EnvironmentCount;
        await WaitUntilAsync(() => service.EnvironmentCount == 0);

        Assert.NotNull(first.Report.InitDurationMs);
        Assert.NotNull(afterUpdate.Report.InitDurationMs);
        Assert.Equal(320, afterUpdate.Report.MemorySizeMb);
        Assert.Equal(1, countAfterInvoke);
    }

    [Fact]
    public async Task Invoke_MoreIdleEnvironmentsThanCap_LeastRecentlyUsedStopped()
    {
        await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions { MaxIdleEnvironments = 1 }, CancellationToken.None);
        using var lambda = new LambdaHttp(service);
        var first = lambda.Register<Echo>(memoryMb: 512);
        var second = lambda.Register<Echo>(memoryMb: 512);

        await lambda.InvokeAsync(first);
        await lambda.InvokeAsync(second);
        var countAfterBoth = service.EnvironmentCount;
        var secondAgain = await lambda.InvokeAsync(second);
        var firstAgain = await lambda.InvokeAsync(first);

        Assert.Equal(1, countAfterBoth);
        Assert.Null(secondAgain.Report.InitDurationMs);
        Assert.NotNull(firstAgain.Report.InitDurationMs);
    }

    [Fact]
    public async Task Invoke_InitPastInitLimit_SuppressedInitCountsInDurationWithoutInitDuration()
    {
        await using var service = await LocalLambdaService.StartAsync(
            new LocalLambdaOptions { InitTimeout = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
        using var lambda = new LambdaHttp(service);
        var function = lambda.Register<Echo>(memoryMb: 128, timeoutSeconds: 30);

        var suppressed = await lambda.InvokeAsync(function, """{"a":1}""");
        var warm = await lambda.InvokeAsync(function, """{"a":2}""");

        // A .NET runtime at 128 MB (0.072 vCPU) needs far more than 50 ms to start: its INIT runs on inside the invocation.
        Assert.Null(suppressed.FunctionError);
        Assert.Null(suppressed.Report.InitDurationMs);
        Assert.True(suppressed.Report.DurationMs > warm.Report.DurationMs + 100, suppressed.Log);
        Assert.Equal((long)Math.Ceiling(suppressed.Report.DurationMs), suppressed.Report.BilledMs);
        Assert.Null(warm.Report.InitDurationMs);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Invoke_CustomRuntimeBootstrap_SpeaksRuntimeApi()
    {
        var folder = Directory.CreateTempSubdirectory("tuner-bootstrap-");
        try
        {
            var bootstrap = Path.Combine(folder.FullName, "bootstrap");
            await File.WriteAllTextAsync(bootstrap, """
                #!/bin/sh
                set -e
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                while true; do
                  headers=$(mktemp)
                  event=$(curl -sS -D "$headers" "$api/invocation/next")
                  id=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | tr -d '[:space:]' | cut -d: -f2)
                  echo "bootstrap handled $id"
                  curl -sS -X POST "$api/invocation/$id/response" -d "{\"echo\":$event}" > /dev/null
                done
                """);
            File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await using var service = await LocalLambdaService.StartAsync(new LocalLambdaOptions(), CancellationToken.None);
            service.RegisterFunction(new LocalFunctionDefinition { Name = "shell", Bootstrap = bootstrap, MemoryMb = 512 });
            using var lambda = new LambdaHttp(service);

            var answer = await lambda.InvokeAsync("shell", """{"n":1}""");
            var config = await lambda.SendAsync(HttpMethod.Get, "/2015-03-31/functions/shell/configuration");

            Assert.Null(answer.FunctionError);
            Assert.Equal("""{"echo":{"n":1}}""", answer.Body);
            Assert.Contains("bootstrap handled", answer.Log, StringComparison.Ordinal);
            Assert.NotNull(answer.Report.InitDurationMs);
            Assert.Equal("provided.al2023", config.Json.RootElement.GetProperty("Runtime").GetString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
