using System.Text.Json;
using System.Text.Json.Nodes;
using Tuner.Infra.Workflow;

namespace Tuner.Infra.Tests.Workflow;

public sealed class RequestInputTests
{
    [Fact]
    public void Load_Request_PlainValuesThatSerializeBackToTheSameJson()
    {
        const string json = """{"job":"j","targets":[{"function":"f","memoryMb":[128,1769],"payload":{"ok":true,"ratio":0.5}}],"budget":{"maxUsd":1.25}}""";
        var path = Path.Combine(Path.GetTempPath(), "tuner-request-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        try
        {
            var plain = RequestInput.Load(path);

            Assert.IsType<object?[]>(plain["targets"]);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(plain))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ArrayInsteadOfObject_Throws()
    {
        var path = Path.Combine(Path.GetTempPath(), "tuner-request-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, "[1,2]");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => RequestInput.Load(path));
            Assert.Contains("JSON object", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
