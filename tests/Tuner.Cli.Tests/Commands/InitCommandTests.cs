using System.Text.Json;
using Tuner.Cli.Commands;
using Tuner.Cli.Output;
using Tuner.Cli.Plan;
using Tuner.Cli.Tests.TestHelpers;

namespace Tuner.Cli.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-init-");
    private readonly TextConsole _console = new();

    [Fact]
    public async Task RunAsync_ReferenceWorkload_WritesARegistryAndARequestThatPlanAccepts()
    {
        var workload = new FileInfo(Path.Combine(AppContext.BaseDirectory, "Tuner.Workload.dll"));

        var exit = await InitCommand.RunAsync(workload, _folder.FullName, force: false, _console.Console, CancellationToken.None);

        Assert.True(exit == ExitCodes.Succeeded, _console.Output);
        using var registry = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder.FullName, "tuner.local.json")));
        var function = Assert.Single(registry.RootElement.GetProperty("functions").EnumerateArray(), f => f.GetProperty("handler").GetString()!.EndsWith("::Tuner.Workload.Ingest::Handle", StringComparison.Ordinal));
        Assert.Equal("true", function.GetProperty("tags").GetProperty("tuner:allow").GetString());
        using var request = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_folder.FullName, InitCommand.RequestFileName)));
        Assert.Contains(request.RootElement.GetProperty("targets").EnumerateArray(), t => t.TryGetProperty("dynamoDbBatch", out _));

        using var json = new StringWriter();
        var planned = await PlanCommand.RunAsync(
            new PlanCommand.PlanSettings(new FileInfo(Path.Combine(_folder.FullName, InitCommand.RequestFileName)), null, null, Json: true),
            (_, _) => throw new InvalidOperationException("no AWS"),
            _console.Console,
            json,
            CancellationToken.None);

        Assert.True(planned == ExitCodes.Succeeded, json.ToString());
        OutputSchema.AssertValid(json.ToString());
    }

    [Fact]
    public async Task RunAsync_FilesExist_WritesNothingWithoutForce()
    {
        var registry = Path.Combine(_folder.FullName, "tuner.local.json");
        await File.WriteAllTextAsync(registry, "{\"functions\":[]}");
        var workload = new FileInfo(Path.Combine(AppContext.BaseDirectory, "Tuner.Workload.dll"));

        var exit = await InitCommand.RunAsync(workload, _folder.FullName, force: false, _console.Console, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("{\"functions\":[]}", await File.ReadAllTextAsync(registry));
        Assert.False(File.Exists(Path.Combine(_folder.FullName, InitCommand.RequestFileName)));
    }

    [Fact]
    public async Task RunAsync_AssemblyWithoutHandlers_Exits2()
    {
        var noHandlers = new FileInfo(Path.Combine(AppContext.BaseDirectory, "Tuner.Core.dll"));

        var exit = await InitCommand.RunAsync(noHandlers, _folder.FullName, force: false, _console.Console, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("has no public method taking a Stream", _console.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
