using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Tuner.Workload;

/// <summary>
/// The reference workload's table: partition key <see cref="KeyAttribute"/> (string, the event id), on-demand
/// billing. <see cref="EnsureCreatedAsync"/> is what the local stack, the tests and the benchmark use to create it.
/// </summary>
public static class WorkloadTable
{
    /// <summary>The partition key attribute (type S): the event id.</summary>
    public const string KeyAttribute = "pk";

    /// <summary>Creates the table (PAY_PER_REQUEST, <c>pk</c> string hash key) unless it exists, and waits until it is ACTIVE.</summary>
    public static async Task EnsureCreatedAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        if (await StatusAsync(client, tableName, cancellationToken) is null)
        {
            try
            {
                await client.CreateTableAsync(
                    new CreateTableRequest
                    {
                        TableName = tableName,
                        BillingMode = BillingMode.PAY_PER_REQUEST,
                        AttributeDefinitions = [new AttributeDefinition(KeyAttribute, ScalarAttributeType.S)],
                        KeySchema = [new KeySchemaElement(KeyAttribute, KeyType.HASH)],
                    },
                    cancellationToken);
            }
            catch (ResourceInUseException)
            {
                // Created concurrently by another caller: wait for it below.
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        while (await StatusAsync(client, tableName, timeout.Token) != TableStatus.ACTIVE)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    private static async Task<TableStatus?> StatusAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            return response.Table.TableStatus;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
