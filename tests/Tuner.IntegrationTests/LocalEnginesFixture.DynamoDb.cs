using Tuner.LocalCloud;
using Tuner.Tests.TestSupport;

namespace Tuner.IntegrationTests;

/// <summary>The local DynamoDB (dynalite behind the write-capacity emulator) getter of the shared fixture.</summary>
public sealed partial class LocalEnginesFixture
{
    private DynamoDbEngine? _dynamoDb;

    /// <summary>
    /// The DynamoDB engine on 127.0.0.1 with default settings (1,000 WCU/s per table, no fixed rejection), started
    /// on first use and stopped with the fixture. Tests shape their own tables with
    /// <see cref="DynamoDbEngine.ConfigureTableAsync"/> and use unique table names.
    /// </summary>
    public Task<DynamoDbEngine> GetDynamoDbAsync() => StartOnceAsync(() => _dynamoDb, StartDynamoDbEngineAsync, engine => _dynamoDb = engine);

    private static async Task<DynamoDbEngine> StartDynamoDbEngineAsync()
    {
        var runtime = await NodeRuntime.EnsureInstalledAsync(
            NodeRuntime.FindEngineDirectory(Path.Combine(RepoFiles.Root, "local", "engine")), TextWriter.Null);
        return await DynamoDbEngine.StartAsync(runtime);
    }
}
