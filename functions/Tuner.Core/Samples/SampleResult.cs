namespace Tuner.Core.Samples;

/// <summary>A sample built from an invocation, or <c>null</c> with the reason it could not be measured.</summary>
public sealed record SampleResult(Sample? Sample, string? Problem);
