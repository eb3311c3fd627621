using System.Diagnostics;
using System.Text.Json;
using Tuner.LocalCloud;
using Tuner.Tests.TestSupport;

namespace Tuner.IntegrationTests.BatchWriter;

/// <summary>
/// The local DynamoDB engine sizes items (for its write units) with local/engine/item-size.mjs: the same table of
/// cases as ItemSize.cs (tests/Tuner.BatchWriter.Tests/Fixtures/item-size-cases.json), run through the engines' node.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ItemSizeCasesNodeTests
{
    private const string Script = """
        import { readFileSync } from 'node:fs';
        import { pathToFileURL } from 'node:url';
        const { itemSize, writeUnits } = await import(pathToFileURL(process.argv[1]).href);
        const { cases } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
        console.log(JSON.stringify(cases.map(c => ({ name: c.name, bytes: itemSize(c.item), writeUnits: writeUnits(c.item) }))));
        """;

    [Fact]
    public async Task ItemSizeMjs_EverySharedCase_MatchesTheTable()
    {
        var engines = NodeRuntime.FindEngineDirectory(Path.Combine(RepoFiles.Root, "local", "engine"));
        var runtime = await NodeRuntime.EnsureInstalledAsync(engines, TextWriter.Null);
        var casesPath = Path.Combine(RepoFiles.Root, "tests", "Tuner.BatchWriter.Tests", "Fixtures", "item-size-cases.json");
        var start = new ProcessStartInfo(runtime.NodePath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--input-type=module", "-e", Script, Path.Combine(engines, "item-size.mjs"), casesPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, await errors);

        using var computed = JsonDocument.Parse(await output);
        using var table = JsonDocument.Parse(await File.ReadAllBytesAsync(casesPath));
        var expected = table.RootElement.GetProperty("cases").EnumerateArray().ToList();
        var actual = computed.RootElement.EnumerateArray().ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.NotEmpty(expected);
        for (var i = 0; i < expected.Count; i++)
        {
            var name = expected[i].GetProperty("name").GetString();
            Assert.Equal(name, actual[i].GetProperty("name").GetString());
            Assert.True(expected[i].GetProperty("bytes").GetInt32() == actual[i].GetProperty("bytes").GetInt32(), $"{name}: bytes");
            Assert.True(expected[i].GetProperty("writeUnits").GetInt32() == actual[i].GetProperty("writeUnits").GetInt32(), $"{name}: write units");
        }
    }
}
