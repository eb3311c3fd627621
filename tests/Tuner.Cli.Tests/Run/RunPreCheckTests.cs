using Tuner.Cli.Run;

namespace Tuner.Cli.Tests.Run;

public sealed class RunPreCheckTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tuner-precheck-");

    [Fact]
    public async Task CheckAsync_MissingFile_CannotBeRead()
    {
        var result = await RunPreCheck.CheckAsync(new FileInfo(Path.Combine(_folder.FullName, "absent.json")), null, CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Equal("cannot be read", result.Refusal);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public async Task CheckAsync_ValidRequestWithoutARegistry_SaysWhereItLooked()
    {
        var request = Write("request.json", """{"job":"j","targets":[{"function":"f"}]}""");

        var result = await RunPreCheck.CheckAsync(request, null, CancellationToken.None);

        Assert.Equal("cannot be run", result.Refusal);
        Assert.StartsWith("no function registry: pass --functions tuner.local.json (looked beside request.json", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_UnreadableRegistry_NamesTheFile()
    {
        var request = Write("request.json", """{"job":"j","targets":[{"function":"f"}]}""");
        var registry = Write("tuner.local.json", "{ not json");

        var result = await RunPreCheck.CheckAsync(request, registry, CancellationToken.None);

        Assert.Equal("cannot be run", result.Refusal);
        Assert.StartsWith(registry.FullName + ": ", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_AnAllowedTarget_PassesWithTheRegistryFoundBesideTheRequest()
    {
        Write("tuner.local.json", """{"functions":[{"name":"orders","handler":"X.dll::X.Y::Handle","tags":{"tuner:allow":"true"}}]}""");
        var request = Write("request.json", """{"job":"j","targets":[{"function":"orders","memoryMb":[256],"invocations":4}]}""");

        var result = await RunPreCheck.CheckAsync(request, null, CancellationToken.None);

        Assert.True(result.Passed, string.Join("\n", result.Problems));
        Assert.Equal(Path.Combine(_folder.FullName, "tuner.local.json"), result.Registry);
        Assert.Equal("j", result.Request!.Job);
        Assert.Contains("\"orders\"", result.RequestJson, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private FileInfo Write(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, content);
        return new FileInfo(path);
    }
}
