using Tuner.Contracts.States;
namespace Tuner.Functions.Messages;

/// <summary>One Measure Map iteration's input (the ASL's ItemSelector): run id, bucket and the unit to measure.</summary>
public sealed record ExecutorInput(string RunId, string Bucket, MeasureUnit Unit);
