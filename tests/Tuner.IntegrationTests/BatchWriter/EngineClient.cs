using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Tuner.BatchWriter;
using Tuner.LocalCloud;
using Tuner.Workload;

namespace Tuner.IntegrationTests.BatchWriter;

/// <summary>SDK clients for the local DynamoDB engine and a paginated scan of a table's keys.</summary>
internal static class EngineClient
{
    private static int _tables;

    /// <summary>A client as the writer wants it (SDK retries off), dummy credentials, the engine's endpoint.</summary>
    public static IAmazonDynamoDB Create(DynamoDbEngine engine)
    {
        var config = BatchWriterClient.CreateConfig(engine.ServiceUrl);
        config.AuthenticationRegion = "us-east-1";
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    /// <summary>
    /// A fresh workload-shaped table (hash key <c>pk</c>) with its own capacity settings, and a client for it.
    /// </summary>
    public static async Task<(IAmazonDynamoDB Client, string Table)> CreateTableAsync(
        DynamoDbEngine engine, string prefix, double writeUnitsPerSecond = 0, double rejectFraction = 0, double burstSeconds = 1)
    {
        var client = Create(engine);
        var table = UniqueTable(prefix);
        await WorkloadTable.EnsureCreatedAsync(client, table);
        await engine.ConfigureTableAsync(table, writeUnitsPerSecond, rejectFraction, burstSeconds);
        return (client, table);
    }

    /// <summary>A table name no other test uses (tables live as long as the shared engine).</summary>
    public static string UniqueTable(string prefix) => $"{prefix}-{Environment.ProcessId}-{Interlocked.Increment(ref _tables)}";

    /// <summary>Every <c>pk</c> in the table, by a paginated Scan (1 MB pages).</summary>
    public static async Task<HashSet<string>> ScanKeysAsync(IAmazonDynamoDB client, string table)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? start = null;
        var pages = 0;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = table,
                ProjectionExpression = "pk",
                ExclusiveStartKey = start,
            });
            pages++;
            foreach (var item in page.Items ?? [])
            {
                Assert.True(keys.Add(item["pk"].S), "a scan returned a key twice: " + item["pk"].S);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        Assert.True(pages >= 1);
        return keys;
    }
}
