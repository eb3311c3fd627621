namespace Tuner.Functions.Messages;

/// <summary>The Reducer state's input: run id and bucket (samples, stages and unit summaries are read from the bucket).</summary>
public sealed record ReducerInput(string RunId, string Bucket);
