namespace Tuner.Core.Ports;

/// <summary>The outcome of a conditional write and, when written, the new object's ETag.</summary>
public sealed record ConditionalWriteResult(ConditionalWriteOutcome Outcome, string? ETag = null)
{
    public bool Written => Outcome == ConditionalWriteOutcome.Written;
}
