using System.Diagnostics;
using System.Text.Json;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Cli.Tests.TestHelpers;
using Tuner.LocalLambda;
using Tuner.Tests.TestSupport;

namespace Tuner.Cli.Tests.Commands;

public sealed class PlanCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-plan-");
    private readonly TextConsole _console = new();
    private readonly StringWriter _json = new();

    [Fact]
    public async Task RunAsync_Quickstart_PrintsCellsStagesCostAndTimeWithinTenSecondsAndStartsNothing()
    {
        var before = ChildProcesses.Now();
        var clock = Stopwatch.StartNew();

        var exit = await RunAsync(new FileInfo(RepoFiles.Path("examples", "quickstart.json")), new FileInfo(RepoFiles.Path("examples", "tuner.local.json")));

        clock.Stop();
        Assert.True(exit == ExitCodes.Succeeded, _console.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"plan took {clock.Elapsed}");
        Assert.Equal(before, ChildProcesses.Now());
        var text = _console.Output;
        Assert.Contains("orders-ingest: now 512 MB, timeout 30 s", text, StringComparison.Ordinal);
        Assert.Contains("36 cells, 36 versions to publish", text, StringComparison.Ordinal);
        Assert.Contains("sampling: first pass 5 per cell, survivors doubled up to 10; confirmation 20 per side; budget 260 measured invocations; 2 at a time", text, StringComparison.Ordinal);
        Assert.Contains("t0-baseline (now)", text, StringComparison.Ordinal);
        Assert.Contains("t0-m1769-b5-p4", text, StringComparison.Ordinal);
        Assert.Contains("Cost at most $", text, StringComparison.Ordinal);
        Assert.Contains("invocations at most", text, StringComparison.Ordinal);
        Assert.Contains("Time at most ", text, StringComparison.Ordinal);
        Assert.Contains("The run would start", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidRequest_ListsEveryProblemWithItsPathAndExits2()
    {
        var request = Write("request.json", """{"job":"bad job!","targets":[{"function":"f","memoryMb":[64]}]}""");

        var exit = await RunAsync(request, null);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("job: 'bad job!' must be 1-64 letters, digits, '-' or '_'", _console.Output, StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb[0]: 64 is below 128", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingAndUntaggedFunctions_AreRefusedWithTheirPathsAndExit2()
    {
        var registry = Write("tuner.local.json", """{"functions":[{"name":"untagged","handler":"X.dll::X.Y::Handle","memoryMb":512,"timeoutSeconds":10}]}""");
        var request = Write("request.json", """{"job":"j","targets":[{"function":"untagged","memoryMb":[256]},{"function":"ghost","memoryMb":[256]}]}""");

        var exit = await RunAsync(request, registry);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        var text = _console.Output;
        Assert.Contains("The run would be refused", text, StringComparison.Ordinal);
        Assert.Contains("targets[0].function: untagged has no 'tuner:allow' = 'true' tag", text, StringComparison.Ordinal);
        Assert.Contains("targets[1].function: function 'ghost' was not found", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OverBudget_StillShowsTheCellsAndRefusesWithTheBudgetPath()
    {
        var request = Write("request.json", """{"job":"j","targets":[{"function":"orders-ingest","memoryMb":[256,1024]}],"budget":{"maxUsd":0.0000001}}""");

        var exit = await RunAsync(request, new FileInfo(RepoFiles.Path("examples", "tuner.local.json")));

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("3 cells, 3 versions to publish", _console.Output, StringComparison.Ordinal);
        Assert.Contains("budget.maxUsd: the plan costs up to $", _console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Json_AcceptedRefusedAndUnreadableDocumentsMatchTheSchema()
    {
        var registry = new FileInfo(RepoFiles.Path("examples", "tuner.local.json"));
        var documents = new List<string>();
        foreach (var (request, expected) in new[]
        {
            (new FileInfo(RepoFiles.Path("examples", "quickstart.json")), ExitCodes.Succeeded),
            (new FileInfo(RepoFiles.Path("examples", "cold.json")), ExitCodes.Succeeded),
            (Write("over.json", """{"job":"j","targets":[{"function":"orders-ingest","memoryMb":[256]}],"budget":{"maxUsd":0.0000001}}"""), ExitCodes.InvalidInput),
            (Write("bad.json", """{"job":"j","targets":[]}"""), ExitCodes.InvalidInput),
        })
        {
            using var json = new StringWriter();
            var exit = await PlanCommand.RunAsync(new PlanCommand.PlanSettings(request, registry, null, Json: true), NoAws, _console.Console, json, CancellationToken.None);
            Assert.Equal(expected, exit);
            documents.Add(json.ToString());
        }

        Assert.All(documents, OutputSchema.AssertValid);
        using var accepted = JsonDocument.Parse(documents[0]);
        Assert.True(accepted.RootElement.GetProperty("accepted").GetBoolean());
        Assert.Equal(36, accepted.RootElement.GetProperty("targets")[0].GetProperty("cells").GetArrayLength());
        using var refused = JsonDocument.Parse(documents[2]);
        Assert.Equal("budget.maxUsd", refused.RootElement.GetProperty("problems")[0].GetProperty("path").GetString());
        Assert.Empty(_console.Output);
    }

    [Fact]
    public void OutputSchema_DocumentMissingARequiredProperty_IsInvalid()
    {
        var problems = OutputSchema.Problems("""{"schema":"tuner.plan/v1","request":"r","job":"j","source":"local","region":"us-east-1","problems":[],"targets":[],"estimate":null}""");

        Assert.NotEmpty(problems);
    }

    [Fact]
    public async Task RunAsync_Stack_PlansFromTheConfigurationsTheConnectionReads()
    {
        string? connectedTo = null;
        var functions = new[]
        {
            new LocalFunctionDefinition { Name = "orders-ingest", Handler = "x::y::z", MemoryMb = 1024, TimeoutSeconds = 20, Tags = new Dictionary<string, string> { ["tuner:allow"] = "true" } },
        };
        Task<PlanSource> Connect(string stack, CancellationToken _)
        {
            connectedTo = stack;
            return Task.FromResult(new PlanSource("aws", "stack " + stack, new RegistryLambdaApi(functions, "us-east-1"), "us-east-1", new HashSet<string>()));
        }

        var request = Write("request.json", """{"job":"j","targets":[{"function":"orders-ingest","memoryMb":[512,1024]}]}""");
        var exit = await PlanCommand.RunAsync(new PlanCommand.PlanSettings(request, null, "Tuner", Json: true), Connect, _console.Console, _json, CancellationToken.None);

        Assert.Equal(ExitCodes.Succeeded, exit);
        Assert.Equal("Tuner", connectedTo);
        OutputSchema.AssertValid(_json.ToString());
        using var document = JsonDocument.Parse(_json.ToString());
        Assert.Equal("aws", document.RootElement.GetProperty("source").GetString());
        Assert.Equal(1024, document.RootElement.GetProperty("targets")[0].GetProperty("current").GetProperty("memoryMb").GetInt32());
    }

    [Theory]
    [InlineData(600, ExitCodes.Succeeded)]
    [InlineData(890, ExitCodes.InvalidInput)]
    public async Task RunAsync_TargetTimeout_RefusedOnlyWhenNotOneInvocationFitsAnExecutorCall(int timeout, int expected)
    {
        // Before: refused above 270 s (TunerFunctions.LongestTargetTimeoutSeconds at the 600 s budget); now above 860 s.
        var functions = new[]
        {
            new LocalFunctionDefinition { Name = "orders-ingest", Handler = "x::y::z", MemoryMb = 1024, TimeoutSeconds = timeout, Tags = new Dictionary<string, string> { ["tuner:allow"] = "true" } },
        };
        Task<PlanSource> Connect(string stack, CancellationToken _) =>
            Task.FromResult(new PlanSource("aws", "stack " + stack, new RegistryLambdaApi(functions, "us-east-1"), "us-east-1", new HashSet<string>()));

        var request = Write("request.json", """{"job":"j","targets":[{"function":"orders-ingest","memoryMb":[512,1024]}]}""");
        var exit = await PlanCommand.RunAsync(new PlanCommand.PlanSettings(request, null, "Tuner", Json: false), Connect, _console.Console, _json, CancellationToken.None);

        Assert.True(exit == expected, _console.Output);
        if (expected == ExitCodes.InvalidInput)
        {
            Assert.Contains($"targets[0]: orders-ingest has a timeout of {timeout} s, longer than the 860 s an Executor can give one invocation", _console.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RegistryLambdaApi_WriteCalls_AreRefused()
    {
        var api = new RegistryLambdaApi([new LocalFunctionDefinition { Name = "f", Handler = "x::y::z" }], "us-east-1");

        await Assert.ThrowsAsync<NotSupportedException>(() => api.UpdateFunctionConfigurationAsync("f", new Core.Ports.FunctionConfigurationUpdate(MemorySizeMb: 256)));
        await Assert.ThrowsAsync<NotSupportedException>(() => api.PublishVersionAsync("f"));
        await Assert.ThrowsAsync<NotSupportedException>(() => api.InvokeAsync("f", null, Array.Empty<byte>()));
    }

    public void Dispose()
    {
        _json.Dispose();
        _folder.Delete(recursive: true);
    }

    private static Task<PlanSource> NoAws(string stack, CancellationToken cancellationToken) => throw new InvalidOperationException("no AWS in this test");

    private Task<int> RunAsync(FileInfo request, FileInfo? registry) =>
        PlanCommand.RunAsync(new PlanCommand.PlanSettings(request, registry, null, Json: false), NoAws, _console.Console, _json, CancellationToken.None);

    private FileInfo Write(string name, string json)
    {
        var file = new FileInfo(Path.Combine(_folder.FullName, name));
        File.WriteAllText(file.FullName, json);
        return file;
    }
}
