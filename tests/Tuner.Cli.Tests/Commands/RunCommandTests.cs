using Spectre.Console;
using Tuner.Cli.Commands;

namespace Tuner.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-run-");
    private readonly StringWriter _output = new();

    [Fact]
    [Trait("Category", "Security")]
    public async Task RunAsync_CodeLoadingKnob_IsRefusedWithItsPathBeforeAnyEngineStarts()
    {
        var request = Write("""{"job":"j","targets":[{"function":"orders-ingest","env":{"NODE_OPTIONS":["--require /tmp/evil.js"]}}]}""");

        // No registry exists: had the request passed, the command would have stopped on that (or started engines).
        var exit = await RunCommand.RunAsync(new RunCommand.RunSettings(request, null, null, EnforceLimits: true), Console(), CancellationToken.None);

        Assert.Equal(RunCommand.InvalidInput, exit);
        var text = _output.ToString();
        Assert.Contains("is not a valid tuning request; nothing was started", text, StringComparison.Ordinal);
        Assert.Contains("targets[0].env.NODE_OPTIONS: loads or redirects code in the runtime", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Local engines ready", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidRequest_ListsEveryProblemAndExits2()
    {
        var request = Write("""{"job":"bad job!","targets":[{"function":"f","memoryMb":[64]}]}""");

        var exit = await RunCommand.RunAsync(new RunCommand.RunSettings(request, null, null, EnforceLimits: true), Console(), CancellationToken.None);

        Assert.Equal(RunCommand.InvalidInput, exit);
        var text = _output.ToString();
        Assert.Contains("job: 'bad job!' must be 1-64 letters, digits, '-' or '_'", text, StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb[0]: 64 is below 128", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FunctionTheRegistryDoesNotServeOrAllow_IsRefusedBeforeAnyEngineStarts()
    {
        var registry = new FileInfo(Path.Combine(_folder.FullName, "tuner.local.json"));
        File.WriteAllText(registry.FullName, """{"functions":[{"name":"untagged","handler":"X.dll::X.Y::Handle"}]}""");
        var request = Write("""{"job":"j","targets":[{"function":"untagged","memoryMb":[256]},{"function":"ghost","memoryMb":[256]}]}""");

        var exit = await RunCommand.RunAsync(new RunCommand.RunSettings(request, registry, null, EnforceLimits: true), Console(), CancellationToken.None);

        Assert.Equal(RunCommand.InvalidInput, exit);
        var text = _output.ToString();
        Assert.Contains("would be refused by the Planner; nothing was started", text, StringComparison.Ordinal);
        Assert.Contains("targets[0].function: untagged has no 'tuner:allow' = 'true' tag", text, StringComparison.Ordinal);
        Assert.Contains("targets[1].function: function 'ghost' was not found", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Local engines ready", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RefusedWithJson_WritesARefusedDocumentOfTheSchema()
    {
        var request = Write("""{"job":"j","targets":[{"function":"f","memoryMb":[64]}]}""");
        using var json = new StringWriter();

        var exit = await RunCommand.RunAsync(new RunCommand.RunSettings(request, null, null, EnforceLimits: true, Json: true), Console(), json, CancellationToken.None);

        Assert.Equal(RunCommand.InvalidInput, exit);
        TestHelpers.OutputSchema.AssertValid(json.ToString());
        Assert.Contains("\"status\": \"REFUSED\"", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("targets[0].memoryMb[0]", json.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Delete(recursive: true);
    }

    private FileInfo Write(string json)
    {
        var file = new FileInfo(Path.Combine(_folder.FullName, "request.json"));
        File.WriteAllText(file.FullName, json);
        return file;
    }

    private IAnsiConsole Console()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        return console;
    }
}
