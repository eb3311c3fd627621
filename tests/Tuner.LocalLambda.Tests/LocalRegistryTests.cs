using System.Text;

namespace Tuner.LocalLambda.Tests;

public sealed class LocalRegistryTests
{
    [Fact]
    public void Parse_RelativeHandler_ResolvedAgainstFileFolder()
    {
        var json = """
            {"functions":[{"name":"orders","handler":"bin/Orders.dll::Orders.Ingest::Handle","memoryMb":512,"timeoutSeconds":30,
              "environment":{"TABLE":"t"},"tags":{"tuner:allow":"true"}},
             {"name":"planner","handler":"/abs/Tuner.Functions.dll::Tuner.Functions.Planner::Handle","system":true,"reservedConcurrency":2}]}
            """;

        var functions = LocalRegistry.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "/work/app");

        Assert.Equal(2, functions.Count);
        Assert.Equal("/work/app/bin/Orders.dll::Orders.Ingest::Handle", functions[0].Handler);
        Assert.Equal(512, functions[0].MemoryMb);
        Assert.Equal(30, functions[0].TimeoutSeconds);
        Assert.Equal("t", functions[0].Environment["TABLE"]);
        Assert.Equal("true", functions[0].Tags["tuner:allow"]);
        Assert.False(functions[0].System);
        Assert.Equal("/abs/Tuner.Functions.dll::Tuner.Functions.Planner::Handle", functions[1].Handler);
        Assert.True(functions[1].System);
        Assert.Equal(2, functions[1].ReservedConcurrency);
        Assert.Equal(128, functions[1].MemoryMb);
        Assert.Equal(3, functions[1].TimeoutSeconds);
    }

    [Fact]
    public void Parse_NeitherHandlerNorBootstrap_Rejected()
    {
        var json = """{"functions":[{"name":"x"}]}""";

        var error = Assert.Throws<InvalidDataException>(() => LocalRegistry.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "/"));

        Assert.Contains("functions[0]", error.Message, StringComparison.Ordinal);
    }
}
