using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Tests.Execution;

/// <summary>
/// One execution environment end to end: a real custom runtime (<c>/bin/sh</c> and curl, no cgroup) on its own
/// Runtime API, through Lambda's invocation lifecycle: a cold then a warm invocation, a runtime that exits, one that
/// never answers, one whose init fails.
/// </summary>
public sealed class ExecutionEnvironmentTests : IDisposable
{
    // The Runtime API loop of a provided.al2023 bootstrap; what it does with an event is $ON_EVENT.
    private const string Loop = """
        #!/bin/sh
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
        headers=$(mktemp)
        __INIT__
        while true; do
          body=$(curl -sS -D "$headers" "$api/invocation/next") || exit 1
          id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | cut -d' ' -f2 | tr -d '\r')
          __EVENT__
        done
        """;

    private const string Echo = """echo "handling $id"; curl -sS -X POST --data-binary "$body" "$api/invocation/$id/response" > /dev/null""";

    private readonly string _directory = Directory.CreateTempSubdirectory("tuner-env-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<ExecutionEnvironment> StartAsync(string onEvent, string onInit = "", int timeoutSeconds = 30)
    {
        var bootstrap = Path.Combine(_directory, "bootstrap");
        await File.WriteAllTextAsync(bootstrap, Loop.Replace("__INIT__", onInit, StringComparison.Ordinal).Replace("__EVENT__", onEvent, StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var config = new FunctionConfig
        {
            Name = "echo",
            Version = "1",
            Bootstrap = bootstrap,
            MemoryMb = 128,
            TimeoutSeconds = timeoutSeconds,
            Environment = new Dictionary<string, string>(),
            RevisionId = "r",
            LastModified = DateTimeOffset.UnixEpoch,
            CodeSha256 = "x",
        };
        var launch = new EnvironmentLaunch
        {
            Region = "us-east-1",
            DotnetPath = "dotnet",
            HostPath = Path.Combine(_directory, "unused-host.dll"),
            ServiceEndpoint = new Uri("http://127.0.0.1:9/"),
            BaseEnvironment = new Dictionary<string, string>(),
            InheritedEnvironment = EnvironmentLaunch.ReadInheritedEnvironment(),
            HostCores = 1,
            InitTimeout = TimeSpan.FromSeconds(10),
            Time = TimeProvider.System,
            Logger = NullLogger.Instance,
        };
        return await ExecutionEnvironment.StartAsync("env-test", config, launch, CancellationToken.None);
    }

    private static InvocationRequest Request(string id, string payload) =>
        new(id, Encoding.UTF8.GetBytes(payload), "arn:aws:lambda:us-east-1:000000000000:function:echo", null);

    [Fact]
    public async Task Invoke_EchoRuntimeTwice_ColdThenWarmWithItsResponseAndLog()
    {
        await using var environment = await StartAsync(Echo);

        var cold = await environment.InvokeAsync(Request("req-1", """{"n":1}"""), CancellationToken.None);
        var warm = await environment.InvokeAsync(Request("req-2", """{"n":2}"""), CancellationToken.None);

        Assert.Equal(InvocationStatus.Success, cold.Status);
        Assert.Equal("""{"n":1}""", Encoding.UTF8.GetString(cold.Payload));
        Assert.NotNull(cold.InitDurationMs);
        Assert.Equal(InvocationStatus.Success, warm.Status);
        Assert.Equal("""{"n":2}""", Encoding.UTF8.GetString(warm.Payload));
        Assert.Null(warm.InitDurationMs);
        Assert.Contains("handling req-2", warm.FunctionLog, StringComparison.Ordinal);
        Assert.True(environment.IsAlive);
    }

    [Fact]
    public async Task Invoke_RuntimeExitsDuringTheInvocation_RuntimeExitErrorAndTheEnvironmentEnds()
    {
        await using var environment = await StartAsync("exit 3");

        var outcome = await environment.InvokeAsync(Request("req-1", "{}"), CancellationToken.None);

        Assert.Equal(InvocationStatus.RuntimeExit, outcome.Status);
        Assert.Equal("Runtime.ExitError", outcome.ErrorType);
        Assert.Contains("exit status 3", Encoding.UTF8.GetString(outcome.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RuntimeNeverResponds_TimesOutAfterTheFunctionTimeout()
    {
        await using var environment = await StartAsync("sleep 30", timeoutSeconds: 1);

        var outcome = await environment.InvokeAsync(Request("req-1", "{}"), CancellationToken.None);

        Assert.Equal(InvocationStatus.Timeout, outcome.Status);
        Assert.Equal(LambdaErrorDocuments.TimedOutType, outcome.ErrorType);
        Assert.Equal(1000, outcome.DurationMs);
    }

    [Fact]
    public async Task Invoke_InitErrorReported_InitErrorWithTheRuntimesErrorType()
    {
        const string initError = """curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Runtime.ConfigError' --data-binary '{"errorMessage":"no table","errorType":"Runtime.ConfigError"}' "$api/init/error" > /dev/null; exit 1""";
        await using var environment = await StartAsync(Echo, onInit: initError);

        var outcome = await environment.InvokeAsync(Request("req-1", "{}"), CancellationToken.None);

        Assert.Equal(InvocationStatus.InitError, outcome.Status);
        Assert.Equal("Runtime.ConfigError", outcome.ErrorType);
        Assert.Contains("no table", Encoding.UTF8.GetString(outcome.Payload), StringComparison.Ordinal);
    }
}
