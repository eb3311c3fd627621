namespace Tuner.Functions.Messages;

/// <summary>One Map iteration's input (the ASL's ItemSelector): run id, bucket and the cell to measure.</summary>
public sealed record ExecutorInput(string RunId, string Bucket, CellTask Cell);
