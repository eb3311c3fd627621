using Tuner.Contracts;

namespace Tuner.Functions.Errors;

/// <summary>
/// The run was stopped (or failed, or timed out) while this invocation was still changing a target: the Cleaner has
/// recorded <see cref="BucketKeys.Ended"/>, and the invocation undid its own changes and stopped.
/// </summary>
public sealed class RunEndedException : Exception
{
    public RunEndedException()
        : base("the run has ended")
    {
    }

    public RunEndedException(string message)
        : base(message)
    {
    }

    public RunEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
