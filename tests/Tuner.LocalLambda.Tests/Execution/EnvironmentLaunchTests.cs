using Microsoft.Extensions.Logging.Abstractions;
using Tuner.LocalLambda.Execution;
using Tuner.LocalLambda.Functions;

namespace Tuner.LocalLambda.Tests.Execution;

public sealed class EnvironmentLaunchTests
{
    private static readonly EnvironmentLaunch Launch = new()
    {
        Region = "eu-west-1",
        DotnetPath = "/usr/bin/dotnet",
        HostPath = "/opt/tuner/Tuner.LocalLambda.Host.dll",
        ServiceEndpoint = new Uri("http://127.0.0.1:4000/"),
        BaseEnvironment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:5000", ["SHARED"] = "base" },
        InheritedEnvironment = new Dictionary<string, string> { ["PATH"] = "/usr/bin" },
        HostCores = 2,
        InitTimeout = TimeSpan.FromSeconds(10),
        Time = TimeProvider.System,
        Logger = NullLogger.Instance,
    };

    private static FunctionConfig Config(string? handler = "/app/Orders.dll::Orders.Ingest::Handle", string? bootstrap = null) => new()
    {
        Name = "orders",
        Version = "3",
        Handler = handler,
        Bootstrap = bootstrap,
        MemoryMb = 512,
        TimeoutSeconds = 30,
        Environment = new Dictionary<string, string> { ["SHARED"] = "function", ["TUNER_DDB_BATCH_SIZE"] = "25" },
        RevisionId = "r",
        LastModified = DateTimeOffset.UnixEpoch,
        CodeSha256 = "x",
    };

    [Fact]
    public void BuildStartInfo_DotnetHandler_LambdaVariablesFunctionVariablesWinAndCgroupEnrolment()
    {
        var start = Launch.BuildStartInfo(Config(), "127.0.0.1:4100", ["/cg/cpu/env-1/cgroup.procs", "/cg/memory/env-1/cgroup.procs"]);
        var env = start.Environment;

        Assert.Equal("/bin/sh", start.FileName);
        Assert.Equal(["/usr/bin/dotnet", "/opt/tuner/Tuner.LocalLambda.Host.dll"], start.ArgumentList.Skip(3));
        Assert.Equal("/app", start.WorkingDirectory);
        Assert.Equal("127.0.0.1:4100", env["AWS_LAMBDA_RUNTIME_API"]);
        Assert.Equal("/app/Orders.dll::Orders.Ingest::Handle", env["_HANDLER"]);
        Assert.Equal("orders", env["AWS_LAMBDA_FUNCTION_NAME"]);
        Assert.Equal("3", env["AWS_LAMBDA_FUNCTION_VERSION"]);
        Assert.Equal("512", env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
        Assert.Equal("eu-west-1", env["AWS_REGION"]);
        Assert.Equal("AWS_Lambda_dotnet10", env["AWS_EXECUTION_ENV"]);
        Assert.Equal("/app", env["LAMBDA_TASK_ROOT"]);
        Assert.Equal("http://127.0.0.1:4000", env["AWS_ENDPOINT_URL_LAMBDA"]);
        Assert.Equal("http://127.0.0.1:5000", env["AWS_ENDPOINT_URL_DYNAMODB"]);
        Assert.Equal("function", env["SHARED"]);
        Assert.Equal("25", env["TUNER_DDB_BATCH_SIZE"]);
        Assert.Equal("/usr/bin", env["PATH"]);
        Assert.Equal("/cg/cpu/env-1/cgroup.procs /cg/memory/env-1/cgroup.procs", env["TUNER_CGROUP_PROCS"]);
        Assert.Equal("0x5F", env["DOTNET_GCHeapHardLimitPercent"]);
    }

    [Fact]
    public void BuildStartInfo_BootstrapWithoutCgroup_RunsBootstrapUnlimited()
    {
        var start = Launch.BuildStartInfo(Config(handler: null, bootstrap: "/fn/bootstrap"), "127.0.0.1:4100", []);

        Assert.Equal(["/fn/bootstrap"], start.ArgumentList.Skip(3));
        Assert.Equal("AWS_Lambda_provided.al2023", start.Environment["AWS_EXECUTION_ENV"]);
        Assert.Equal(string.Empty, start.Environment["TUNER_CGROUP_PROCS"]);
        Assert.False(start.Environment.ContainsKey("DOTNET_GCHeapHardLimitPercent"));
    }
}
