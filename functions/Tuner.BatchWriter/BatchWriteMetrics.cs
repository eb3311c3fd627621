namespace Tuner.BatchWriter;

/// <summary>
/// What a write cost. <see cref="Items"/>: items confirmed written. <see cref="ConsumedWriteUnits"/>: sum of the
/// ConsumedCapacity DynamoDB returned (ReturnConsumedCapacity=TOTAL). <see cref="Retries"/>: item re-sends
/// (an item sent three times counts 2). <see cref="Throttles"/>: calls answered with a throttling error or with
/// a non-empty UnprocessedItems. <see cref="Calls"/>: BatchWriteItem calls made (each counted once: the writer's
/// client should not retry by itself, see <see cref="BatchWriterClient"/>). <see cref="TransientErrors"/>: calls that
/// failed with a transient error (5xx, connection or timeout) and whose items were sent again, so that
/// <see cref="Calls"/> = ⌈items / batch size⌉ + throttled re-sends + transient re-sends is accountable.
/// </summary>
public sealed record BatchWriteMetrics(long Items, double ConsumedWriteUnits, long Retries, long Throttles, long Calls, long TransientErrors = 0);
