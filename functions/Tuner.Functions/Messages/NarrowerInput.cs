namespace Tuner.Functions.Messages;

/// <summary>The Narrower state's input: run id and bucket (the plan, the stages so far and the samples are in the bucket).</summary>
public sealed record NarrowerInput(string RunId, string Bucket);
