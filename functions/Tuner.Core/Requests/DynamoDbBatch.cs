namespace Tuner.Core.Requests;

/// <summary>
/// The DynamoDB batch-write dimensions of a target: each value becomes the environment variable
/// <c>TUNER_DDB_BATCH_SIZE</c> / <c>TUNER_DDB_PARALLELISM</c> of the version under test.
/// A <c>null</c> list leaves that variable as the function has it.
/// </summary>
public sealed record DynamoDbBatch(IReadOnlyList<int>? BatchSize, IReadOnlyList<int>? Parallelism);
