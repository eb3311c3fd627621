namespace Tuner.BatchWriter;

/// <summary>
/// What a write cost. <see cref="Items"/>: items confirmed written. <see cref="ConsumedWriteUnits"/>: sum of the
/// ConsumedCapacity DynamoDB returned (ReturnConsumedCapacity=TOTAL). <see cref="Retries"/>: item re-sends
/// (an item sent three times counts 2). <see cref="Throttles"/>: calls answered with a throttling error or with
/// a non-empty UnprocessedItems. <see cref="Calls"/>: BatchWriteItem calls made (each counted once: the writer's
/// client should not retry by itself, see <see cref="BatchWriterClient"/>).
/// </summary>
public sealed record BatchWriteMetrics(long Items, double ConsumedWriteUnits, long Retries, long Throttles, long Calls);
