namespace Tuner.Functions.Errors;

/// <summary>
/// The Cleaner could not clean every target (a restore or a deletion failed for a reason retrying does not fix, such
/// as AccessDenied); the message lists every target's outcome. The state machine fails with it as the cause.
/// </summary>
public sealed class CleanupIncompleteException : Exception
{
    public CleanupIncompleteException()
        : base("the cleanup is incomplete")
    {
    }

    public CleanupIncompleteException(string message)
        : base(message)
    {
    }

    public CleanupIncompleteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
