namespace Tuner.Functions.Messages;

/// <summary>The Reducer state's input: run id, bucket and every Executor summary (the Map's result).</summary>
public sealed record ReducerInput(string RunId, string Bucket, IReadOnlyList<CellSummary> Cells);
