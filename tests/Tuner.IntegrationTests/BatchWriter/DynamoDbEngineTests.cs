using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Tuner.LocalCloud;
using Tuner.Tests.TestSupport;
using Tuner.Workload;

namespace Tuner.IntegrationTests.BatchWriter;

/// <summary>The DynamoDB engine's own lifecycle and start arguments (a private instance, not the shared one).</summary>
[Trait("Category", "Integration")]
[Collection(EnginesCollectionDefinition.Name)]
public sealed class DynamoDbEngineTests
{
    [Fact]
    public async Task StartAsync_WithRejectFraction_AppliesItToEveryTableAndDisposeStopsTheProcess()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(
            NodeRuntime.FindEngineDirectory(Path.Combine(RepoFiles.Root, "local", "engine")), TextWriter.Null);
        var engine = await DynamoDbEngine.StartAsync(runtime, writeUnitsPerSecond: 0, rejectFraction: 0.5, seed: 9);
        var processId = engine.ProcessId;
        try
        {
            using var client = EngineClient.Create(engine);
            await WorkloadTable.EnsureCreatedAsync(client, "lifecycle");
            var throttled = 0;
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await client.PutItemAsync("lifecycle", new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "k" + i } });
                }
                catch (ProvisionedThroughputExceededException)
                {
                    throttled++;
                }
            }

            var settings = (await engine.GetStatsAsync()).GetProperty("tables").GetProperty("lifecycle").GetProperty("settings");
            Assert.Equal(0.5, settings.GetProperty("rejectFraction").GetDouble());
            Assert.Equal(0, settings.GetProperty("wcu").GetDouble());
            Assert.InRange(throttled, 8, 32);
            Assert.Equal(engine.ServiceUrl, engine.ClientEnvironment["AWS_ENDPOINT_URL_DYNAMODB"]);
        }
        finally
        {
            await engine.DisposeAsync();
        }

        Assert.Throws<ArgumentException>(() => Process.GetProcessById(processId));
    }
}
