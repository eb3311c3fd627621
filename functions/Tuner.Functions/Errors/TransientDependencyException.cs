namespace Tuner.Functions.Errors;

/// <summary>A dependency (S3, the Lambda API) failed in a way worth retrying; the state machine retries it with backoff.</summary>
public sealed class TransientDependencyException : Exception
{
    public TransientDependencyException()
        : base("a dependency failed transiently")
    {
    }

    public TransientDependencyException(string message)
        : base(message)
    {
    }

    public TransientDependencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
