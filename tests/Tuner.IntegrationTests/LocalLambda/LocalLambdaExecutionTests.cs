using System.Net;
using Tuner.TestTargets;

namespace Tuner.IntegrationTests.LocalLambda;

/// <summary>Execution environments: cold and warm starts, concurrency, timeouts, memory limits, failures.</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class LocalLambdaExecutionTests(LocalEnginesFixture fixture)
{
    [Fact]
    public async Task Invoke_ColdThenWarm_InitDurationOnlyOnFirstAndSameProcess()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<ProcessInfo>(memoryMb: 1769, environment: new Dictionary<string, string> { ["TUNER_TEST_VALUE"] = "v1" });

        var cold = await lambda.InvokeAsync(function);
        var warm = await lambda.InvokeAsync(function);

        Assert.Equal(HttpStatusCode.OK, cold.Status);
        Assert.Null(cold.FunctionError);
        Assert.NotNull(cold.Report.InitDurationMs);
        Assert.Null(warm.Report.InitDurationMs);
        Assert.Equal(cold.Json.RootElement.GetProperty("pid").GetInt32(), warm.Json.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal("v1", cold.Json.RootElement.GetProperty("custom").GetString());
        Assert.Equal("1769", cold.Json.RootElement.GetProperty("memorySize").GetString());
        Assert.Equal("$LATEST", cold.ExecutedVersion);
        Assert.Equal(lambda.Service.LimitsEnforced ? "on" : "off", cold.Limits);
        Assert.StartsWith("START RequestId: ", cold.Log, StringComparison.Ordinal);
        Assert.Contains("END RequestId: ", cold.Log, StringComparison.Ordinal);
        var report = cold.Report;
        Assert.Equal(1769, report.MemorySizeMb);
        Assert.Equal((long)Math.Ceiling(report.DurationMs) + (long)Math.Ceiling(report.InitDurationMs!.Value), report.BilledMs);
        Assert.True(report.MaxMemoryUsedMb > 0);
    }

    [Fact]
    public async Task Invoke_Concurrent_SeparateEnvironments()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Sleep>(memoryMb: 256);

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => lambda.InvokeAsync(function, """{"milliseconds":1500}""")));

        Assert.All(answers, a => Assert.Null(a.FunctionError));
        Assert.All(answers, a => Assert.NotNull(a.Report.InitDurationMs));
        Assert.Equal(3, answers.Select(a => a.Json.RootElement.GetProperty("pid").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task Invoke_PastTimeout_TimedOutErrorAndEnvironmentReplaced()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Sleep>(memoryMb: 512, timeoutSeconds: 1);
        var warmUp = await lambda.InvokeAsync(function, """{"milliseconds":1}""");

        var timedOut = await lambda.InvokeAsync(function, """{"milliseconds":5000}""");
        var after = await lambda.InvokeAsync(function, """{"milliseconds":1}""");

        Assert.Null(warmUp.FunctionError);
        Assert.Equal(HttpStatusCode.OK, timedOut.Status);
        Assert.Equal("Unhandled", timedOut.FunctionError);
        Assert.Equal("Sandbox.Timedout", timedOut.Json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("Task timed out after 1.00 seconds", timedOut.Json.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Contains("Task timed out after 1.00 seconds", timedOut.Log, StringComparison.Ordinal);
        Assert.Equal(1000.0, timedOut.Report.DurationMs, 3);
        Assert.Equal(1000, timedOut.Report.BilledMs);
        Assert.Contains("Status: timeout", timedOut.Log, StringComparison.Ordinal);
        Assert.NotNull(after.Report.InitDurationMs);
        Assert.NotEqual(warmUp.Json.RootElement.GetProperty("pid").GetInt32(), after.Json.RootElement.GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task Invoke_Allocate300Mb_FailsAt256AndSucceedsAt512()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        Assert.True(lambda.Service.LimitsEnforced, "memory limits need cgroups: " + lambda.Service.LimitsDescription);
        var small = lambda.Register<Allocate>(memoryMb: 256, timeoutSeconds: 30);
        var large = lambda.Register<Allocate>(memoryMb: 512, timeoutSeconds: 30);

        var failed = await lambda.InvokeAsync(small, """{"megabytes":300}""");
        var succeeded = await lambda.InvokeAsync(large, """{"megabytes":300}""");

        Assert.Equal(HttpStatusCode.OK, failed.Status);
        Assert.Equal("Unhandled", failed.FunctionError);
        var error = failed.Json.RootElement;
        Assert.Contains("OutOfMemory", error.GetProperty("errorType").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("errorMessage").GetString()));
        Assert.True(failed.Report.MaxMemoryUsedMb >= 200, failed.Log);
        Assert.Null(succeeded.FunctionError);
        Assert.Equal(300, succeeded.Json.RootElement.GetProperty("allocatedMb").GetInt32());
        Assert.InRange(succeeded.Report.MaxMemoryUsedMb, 300, 512);
    }

    [Fact]
    public async Task Invoke_NativeMemoryPastLimit_OomKilledRuntimeOutOfMemoryAndNextStartIsCold()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        Assert.True(lambda.Service.LimitsEnforced, "memory limits need cgroups: " + lambda.Service.LimitsDescription);
        var function = lambda.Register<AllocateNative>(memoryMb: 256, timeoutSeconds: 30);

        var killed = await lambda.InvokeAsync(function, """{"megabytes":400}""");
        var next = await lambda.InvokeAsync(function, """{"megabytes":10}""");

        Assert.Equal("Unhandled", killed.FunctionError);
        Assert.Equal("Runtime.OutOfMemory", killed.Json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("Runtime exited with error: signal: killed", killed.Json.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Contains("Status: error\tError Type: Runtime.OutOfMemory", killed.Log, StringComparison.Ordinal);
        Assert.InRange(killed.Report.MaxMemoryUsedMb, 200, 257);
        Assert.Null(next.FunctionError);
        Assert.NotNull(next.Report.InitDurationMs);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_ErrorDocumentAndLogLine()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Fail>();

        var answer = await lambda.InvokeAsync(function);

        Assert.Equal("Unhandled", answer.FunctionError);
        Assert.Equal("InvalidOperationException", answer.Json.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("boom", answer.Json.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, answer.Json.RootElement.GetProperty("stackTrace").ValueKind);
        Assert.Contains("about to fail", answer.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RuntimeExits_ExitErrorWithoutHanging()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register<Crash>();

        var answer = await lambda.InvokeAsync(function);

        Assert.Equal("Unhandled", answer.FunctionError);
        Assert.Equal("Runtime.ExitError", answer.Json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("Runtime exited with error: exit status 3", answer.Json.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Contains("crashing", answer.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_StaticSyncHandler_ReturnsInput()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var function = lambda.Register(typeof(StaticEcho));

        var answer = await lambda.InvokeAsync(function, """{"hello":"world"}""");

        Assert.Null(answer.FunctionError);
        Assert.Equal("""{"hello":"world"}""", answer.Body);
    }

    [Fact]
    public async Task Invoke_UnknownHandlerType_InitErrorReported()
    {
        using var lambda = new LambdaHttp(await fixture.GetLocalLambdaAsync());
        var name = "badhandler-" + Guid.NewGuid().ToString("N")[..8];
        lambda.Service.RegisterFunction(new global::Tuner.LocalLambda.LocalFunctionDefinition
        {
            Name = name,
            Handler = LambdaHttp.TargetsAssembly + "::Tuner.TestTargets.Missing::Handle",
            MemoryMb = 512,
        });

        var answer = await lambda.InvokeAsync(name);

        Assert.Equal("Unhandled", answer.FunctionError);
        Assert.Equal("Runtime.InvalidHandler", answer.Json.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("Tuner.TestTargets.Missing", answer.Json.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }
}
